package config

import (
	"testing"
	"time"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    ByteSize
		wantErr bool
	}{
		{"1024", 1024, false},
		{"10MiB", 10 * MiB, false},
		{"10 MiB", 10 * MiB, false},
		{"10mib", 10 * MiB, false},
		{"512KiB", 512 * KiB, false},
		{"5MB", 5_000_000, false},
		{"1.5GiB", 3 * GiB / 2, false},
		{"1_000B", 1000, false},
		{"2k", 2 * KiB, false},
		{"", 0, true},
		{"MiB", 0, true},
		{"-1MiB", 0, true},
		{"10 parsecs", 0, true},
		{"99999999999999999999", 0, true},
		{"9999999999TiB", 0, true},
		{"1e3", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestByteSizeString(t *testing.T) {
	tests := []struct {
		in   ByteSize
		want string
	}{
		{10 * MiB, "10MiB"},
		{5 * MiB, "5MiB"},
		{1000, "1000B"},
		{0, "0B"},
		{3 * GiB, "3GiB"},
		{1536 * KiB, "1536KiB"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%d.String() = %q, want %q", int64(tt.in), got, tt.want)
		}
		back, err := ParseByteSize(tt.in.String())
		if err != nil || back != tt.in {
			t.Errorf("round trip of %v: %v, %v", tt.in, back, err)
		}
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("1h30m")); err != nil || d.Std() != 90*time.Minute {
		t.Errorf("UnmarshalText(1h30m) = %v, %v", d, err)
	}
	if err := d.UnmarshalText([]byte("90")); err == nil {
		t.Error("bare number accepted as a duration")
	}
	if err := d.UnmarshalText([]byte("-5m")); err == nil {
		t.Error("negative duration accepted")
	}
	if b, _ := Duration(5 * time.Minute).MarshalText(); string(b) != "5m0s" {
		t.Errorf("MarshalText = %s", b)
	}
}
