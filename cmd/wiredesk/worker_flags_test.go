package main

import (
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/pipeline"
	"github.com/wiredesk/wiredesk/publish"
)

// The worker's flags reach every stage it runs, and nonsense is a usage
// error rather than a silent default.
func TestStageFlagsTuneStages(t *testing.T) {
	tests := []struct {
		args    []string
		want    publish.Stage
		wantErr bool
	}{
		{args: nil, want: publish.Stage{}},
		{args: []string{"--batch", "8", "--concurrency", "2", "--max-deliver", "7", "--ack-wait", "45s"},
			want: publish.Stage{Batch: 8, Concurrency: 2, MaxDeliver: 7, AckWait: 45 * time.Second}},
		{args: []string{"--batch", "-1"}, wantErr: true},
		{args: []string{"--concurrency", "-3"}, wantErr: true},
		{args: []string{"--near-jaccard", "1.5"}, wantErr: true},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("worker", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var sf stageFlags
		sf.register(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		var p pipeline.Pipeline
		err := sf.apply(&p)
		if tt.wantErr {
			if !errors.Is(err, errUsage) {
				t.Errorf("%v: err = %v, want a usage error", tt.args, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		var st publish.Stage
		p.Tune(&st)
		if st.Batch != tt.want.Batch || st.Concurrency != tt.want.Concurrency || st.MaxDeliver != tt.want.MaxDeliver || st.AckWait != tt.want.AckWait {
			t.Errorf("%v: stage tuned to batch %d concurrency %d max-deliver %d ack-wait %s, want %+v",
				tt.args, st.Batch, st.Concurrency, st.MaxDeliver, st.AckWait, tt.want)
		}
	}
}
