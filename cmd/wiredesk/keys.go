package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// keysSubcommands are the verbs of `wiredesk keys`.
var keysSubcommands = []struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}{
	{"add", "[--scope read|write] NAME", "make an API key for a downstream site or a script; it is printed once", keysAdd},
	{"revoke", "ID", "stop a key from working, at once", keysRevoke},
	{"list", "[--json]", "list keys (never the keys themselves)", keysList},
}

func keysCmd(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "keys", keysSubcommands, args)
}

// storeVerb parses a store subcommand's flags (users, keys), checks that
// it got exactly want positional arguments (what names them in the usage
// error), and opens the store; the caller closes it.
func storeVerb(ctx context.Context, e *env, fs *flag.FlagSet, args []string, want int, what string) (store.Store, []string, error) {
	cfg, log, positional, err := feedsSetup(e, fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(positional) != want {
		if want == 0 {
			return nil, nil, fmt.Errorf("%w: unexpected argument %q", errUsage, positional[0])
		}
		return nil, nil, fmt.Errorf("%w: want %s", errUsage, what)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("data dir: %w", err)
	}
	st, err := store.Open(ctx, databaseURL(cfg), store.WithLogger(log))
	if err != nil {
		return nil, nil, err
	}
	return st, positional, nil
}

// printJSON writes v indented, as the --json listings do.
func printJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func keysAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys add")
	scope := fs.String("scope", "read", "read (published stories and feeds) or write")
	st, positional, err := storeVerb(ctx, e, fs, args, 1, "one NAME saying who uses the key")
	if err != nil {
		return err
	}
	defer st.Close()
	if !store.KeyScope(*scope).Valid() {
		return fmt.Errorf("%w: --scope %q: want read or write", errUsage, *scope)
	}
	key, k, err := st.AddKey(ctx, positional[0], store.KeyScope(*scope))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", key)
	fmt.Fprintf(e.stderr, "key %s (%s, %s) made: it is shown once; send it as Authorization: Bearer <key>\n", k.ID, k.Name, k.Scope)
	return nil
}

func keysRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys revoke")
	st, positional, err := storeVerb(ctx, e, fs, args, 1, "one key ID (wiredesk keys list)")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeKey(ctx, positional[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no key has the id %q", positional[0])
		}
		return err
	}
	fmt.Fprintf(e.stdout, "revoked %s\n", positional[0])
	return nil
}

// keyJSON is one key in `keys list --json`.
type keyJSON struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Scope     string     `json:"scope"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	Revoked   *time.Time `json:"revoked_at,omitempty"`
}

func keysList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys list")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	st, _, err := storeVerb(ctx, e, fs, args, 0, "")
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := st.ListKeys(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]keyJSON, 0, len(keys))
		for _, k := range keys {
			out = append(out, keyJSON{k.ID, k.Name, string(k.Scope), k.CreatedAt, k.LastUsed, k.Revoked})
		}
		return printJSON(e, map[string]any{"keys": out})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tCREATED\tLAST USED\tSTATE")
	when := func(t *time.Time) string {
		if t == nil {
			return "never"
		}
		return t.UTC().Format("2006-01-02 15:04")
	}
	for _, k := range keys {
		state := "active"
		if k.Revoked != nil {
			state = "revoked " + when(k.Revoked)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Scope, k.CreatedAt.UTC().Format("2006-01-02 15:04"), when(k.LastUsed), state)
	}
	return tw.Flush()
}
