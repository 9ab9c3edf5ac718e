// Command wiredesk runs the wire ingestion pipeline: poll agency feeds,
// normalise, deduplicate, enrich, queue for editors, publish downstream.
//
// Usage:
//
//	wiredesk run [--demo] [--config FILE] [--nats-url URL] [--database-url URL] [--listen ADDR]
//	wiredesk extract [--url URL] [--format json|ninjs] FILE|-
//	wiredesk migrate [--config FILE] [--database-url URL]
//	wiredesk version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
)

// command is one subcommand: its name, a one-line summary and its body.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command reads and writes besides its arguments, so tests
// can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) (string, bool)
}

func commands() []command {
	return []command{
		{"run", "run every stage in one process (--demo for bundled sample feeds)", runCmd},
		{"desk", "serve the editors' desk and HTTP API alone, against a shared store (no NATS needed)", deskCmd},
		{"poll", "poll the feeds and publish their items to wire.raw: the ingest daemon alone", pollCmd},
		{"feeds", "list feed health, add, remove or test a feed (feeds list|add|remove|test)", feedsCmd},
		{"extract", "extract one HTML page to the canonical article JSON on stdout", extractCmd},
		{"migrate", "apply the database migrations", migrateCmd},
		{"version", "print the version", versionCmd},
		{"worker", "run one stage (--stage normalize|dedup|enrich|store|relay|all) on the shared consumers", workerCmd},
		{"keys", "API keys for downstream sites and scripts (keys add|revoke|list)", keysCmd},
		{"tokens", "the same as keys: API tokens for scripts (--scope write) and downstream sites", keysCmd},
		{"users", "editors' accounts (users add|passwd|disable|enable|list)", usersCmd},
		{"tail", "print stories as they are published (--agency, --topic, --since, --format text|json|ninjs)", tailCmd},
		{"dlq", "list dead letters or replay them to their original subject (dlq list|replay)", dlqCmd},
		{"eval", "score extraction or dedup on labelled data (eval aeb|snippets|metadata|semantics|dedup)", evalCmd},
	}
}

// errUsage marks an error caused by how the command was called.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.LookupEnv}
	stopProfile := startCPUProfile(e)
	code := mainWithExit(ctx, e, os.Args[1:])
	stopProfile()
	os.Exit(code)
}

// startCPUProfile writes a CPU profile of the whole process to the file
// WIREDESK_CPUPROFILE names, if set: bench/feed2store profiles every
// process of a run with it.
func startCPUProfile(e *env) (stop func()) {
	path, ok := e.getenv("WIREDESK_CPUPROFILE")
	if !ok || path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(e.stderr, "wiredesk: cpu profile:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(e.stderr, "wiredesk: cpu profile:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

func mainWithExit(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(e.stderr, "wiredesk %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(e.stderr, "wiredesk %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "wiredesk: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "wiredesk: news-agency wire ingestion pipeline\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'wiredesk COMMAND -h' for a command's flags.")
}

func newFlagSet(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("wiredesk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func versionCmd(_ context.Context, e *env, args []string) error {
	fmt.Fprintln(e.stdout, "wiredesk", version())
	return nil
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
