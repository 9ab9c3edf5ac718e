package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wiredesk/wiredesk/review"
	"github.com/wiredesk/wiredesk/store"
)

// usersSubcommands are the verbs of `wiredesk users`.
var usersSubcommands = []struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}{
	{"add", "[--role editor|admin] [--password-stdin] NAME", "make an account; without --password-stdin a password is made and printed once", usersAdd},
	{"passwd", "[--password-stdin] NAME", "set a new password (made and printed once unless read from stdin); ends the account's sessions", usersPasswd},
	{"disable", "NAME", "stop an account at once: its sessions end and it cannot log in", usersDisable},
	{"enable", "NAME", "let a disabled account log in again", usersEnable},
	{"list", "[--json]", "list accounts", usersList},
}

func usersCmd(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "users", usersSubcommands, args)
}

// subcommand runs one verb of a command with verbs (users, keys).
func subcommand(ctx context.Context, e *env, name string, subs []struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stderr, "Usage:")
		var verbs []string
		for _, sub := range subs {
			fmt.Fprintf(e.stderr, "  wiredesk %s %s %s\n      %s\n", name, sub.name, sub.args, sub.summary)
			verbs = append(verbs, sub.name)
		}
		fmt.Fprintln(e.stderr, "Each also takes --config, --database-url and --data-dir.")
		if len(args) == 0 {
			return fmt.Errorf("%w: want one of %s", errUsage, strings.Join(verbs, ", "))
		}
		return flag.ErrHelp
	}
	for _, sub := range subs {
		if sub.name == args[0] {
			return sub.run(ctx, e, args[1:])
		}
	}
	return fmt.Errorf("%w: unknown %s command %q", errUsage, name, args[0])
}

// newPassword reads a password from stdin (--password-stdin) or makes
// one, and hashes it; made says whether it was made (and must be shown).
func newPassword(e *env, fromStdin bool) (password, hash string, made bool, err error) {
	password, made = review.RandomPassword(), true
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", "", false, fmt.Errorf("read password from stdin: %w", err)
		}
		password, made = strings.TrimRight(line, "\r\n"), false
	}
	if hash, err = review.HashPassword(password); err != nil {
		return "", "", false, fmt.Errorf("%w: %v", errUsage, err)
	}
	return password, hash, made, nil
}

func usersAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "users add")
	role := fs.String("role", "editor", "editor or admin (admins manage accounts and feeds and read the audit log)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	st, positional, err := storeVerb(ctx, e, fs, args, 1, "one NAME")
	if err != nil {
		return err
	}
	defer st.Close()
	if !store.Role(*role).Valid() {
		return fmt.Errorf("%w: --role %q: want editor or admin", errUsage, *role)
	}
	password, hash, made, err := newPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	u, err := st.AddUser(ctx, positional[0], store.Role(*role), hash)
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("an account named %q exists; use wiredesk users passwd to reset its password", positional[0])
	}
	if err != nil {
		return err
	}
	_ = st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "user-add", Reason: u.Name + " (" + string(u.Role) + ")"})
	if made {
		fmt.Fprintln(e.stdout, password)
		fmt.Fprintf(e.stderr, "account %s (%s) made; its password is shown once\n", u.Name, u.Role)
	}
	return nil
}

func usersPasswd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "users passwd")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	st, positional, err := storeVerb(ctx, e, fs, args, 1, "one NAME")
	if err != nil {
		return err
	}
	defer st.Close()
	password, hash, made, err := newPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, positional[0], hash); err != nil {
		return notFoundUser(positional[0], err)
	}
	_ = st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "user-passwd", Reason: positional[0]})
	if made {
		fmt.Fprintln(e.stdout, password)
	}
	fmt.Fprintf(e.stderr, "password of %s set; its sessions are ended\n", positional[0])
	return nil
}

func notFoundUser(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no account is named %q (wiredesk users list)", name)
	}
	return err
}

func usersDisable(ctx context.Context, e *env, args []string) error {
	return usersSwitch(ctx, e, "disable", args, func(st store.Store, name string) error { return st.DisableUser(ctx, name) })
}

func usersEnable(ctx context.Context, e *env, args []string) error {
	return usersSwitch(ctx, e, "enable", args, func(st store.Store, name string) error { return st.EnableUser(ctx, name) })
}

func usersSwitch(ctx context.Context, e *env, verb string, args []string, fn func(store.Store, string) error) error {
	fs := newFlagSet(e, "users "+verb)
	st, positional, err := storeVerb(ctx, e, fs, args, 1, "one NAME")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := fn(st, positional[0]); err != nil {
		return notFoundUser(positional[0], err)
	}
	_ = st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "user-" + verb, Reason: positional[0]})
	fmt.Fprintf(e.stdout, "%sd %s\n", verb, positional[0])
	return nil
}

func usersList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "users list")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	st, _, err := storeVerb(ctx, e, fs, args, 0, "")
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		type userJSON struct {
			Name     string     `json:"name"`
			Role     string     `json:"role"`
			Created  time.Time  `json:"created_at"`
			Disabled *time.Time `json:"disabled_at,omitempty"`
		}
		out := []userJSON{}
		for _, u := range users {
			out = append(out, userJSON{u.Name, string(u.Role), u.CreatedAt, u.Disabled})
		}
		return printJSON(e, map[string]any{"users": out})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tSTATE")
	for _, u := range users {
		state := "active"
		if u.Disabled != nil {
			state = "disabled " + u.Disabled.UTC().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.CreatedAt.UTC().Format("2006-01-02 15:04"), state)
	}
	return tw.Flush()
}
