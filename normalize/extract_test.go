package normalize

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const seedURL = "https://frontierdaily.example/world/russian-president-vladimir-putin-meets-us-special-envoy-steve-witkoff-20250426/"

// TestExtractSeedPage checks the republished ANI story shaped like
// shared/seed/kremlin-meeting-republished.txt: the story survives whole and
// the page's comments, rails and disclaimers do not.
func TestExtractSeedPage(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "kremlin-meeting-republished.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(page, seedURL, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}

	if want := "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff"; a.Headline != want {
		t.Errorf("headline = %q, want %q", a.Headline, want)
	}
	if a.Dateline == nil {
		t.Fatal("no dateline")
	}
	if a.Dateline.Place != "Moscow" || a.Dateline.Date != "2025-04-25" || a.Dateline.Text != "Moscow, April 25:" {
		t.Errorf("dateline = %+v, want Moscow 2025-04-25", *a.Dateline)
	}
	if a.PublishedAt == nil || a.PublishedAt.Format("2006-01-02") != "2025-04-26" {
		t.Errorf("published = %v, want 2025-04-26", a.PublishedAt)
	}
	if a.Language != "en" {
		t.Errorf("language = %q, want en", a.Language)
	}
	if !strings.HasSuffix(a.CanonicalURL, "-20250426/") {
		t.Errorf("canonical = %q", a.CanonicalURL)
	}

	for _, want := range []string{
		"Moscow, April 25: Russian President Vladimir Putin, met with US Special Envoy Steve Witkoff at the Kremlin",
		"In a post on X by the MFA, it was noted that the members on the Russian side included",
		"Citing a senior Kremlin aide, CNN reported that the meeting",
		"\"In accordance with agreements between Putin and Trump, the process will move forward in an active manner,\" CNN quoted him.",
		"Trump stated that no one is asking Zelenskyy to recognise Crimea as Russian territory",
		"\"There is nothing to talk about. It is against our constitution.\"",
	} {
		if !strings.Contains(a.BodyText, want) {
			t.Errorf("body_text lacks story text %q", want)
		}
	}
	for _, junk := range []string{
		"Interesting development. Three hours is a long meeting", // a reader comment
		"Zelenskyy is right to stand firm on Crimea",             // another
		"Michael T.",
		"We welcome thoughtful discussions",
		"Leave a Comment",
		"Your email won't be published",
		"You May Like",
		"Ukraine launches drone strikes on Moscow region", // a rail item
		"Disclaimer:",
		"auto-generated from a syndicated feed",
		"News stories are provided by news agencies",
		"Advertisement",
		"Share this article",
		"Trending Now",
		"Sign up for our morning newsletter",
		"All rights reserved",
		"Also Read",
	} {
		if strings.Contains(a.BodyText, junk) {
			t.Errorf("body_text carries page furniture %q", junk)
		}
	}

	wantPoints := []string{
		"Putin and Witkoff discussed resuming Ukraine-Russia negotiations",
		"Kremlin aide Ushakov called talks \"constructive and very useful\"",
		"Trump criticized Zelensky's Crimea stance as harmful to peace",
		"Ukraine rejects recognizing Russian control of Crimea",
	}
	if !slices.Equal(a.KeyPoints, wantPoints) {
		t.Errorf("key_points = %q, want %q", a.KeyPoints, wantPoints)
	}
	if len(a.Embeds) != 1 || a.Embeds[0].Platform != "x" || a.Embeds[0].ID != "1915794807047307486" || a.Embeds[0].Author != "mfa_russia" {
		t.Errorf("embeds = %+v, want the MFA's post on X", a.Embeds)
	}
	for _, tag := range []string{"Vladimir Putin", "Steve Witkoff", "Kremlin"} {
		if !slices.Contains(a.Tags, tag) {
			t.Errorf("tags %q lack %q", a.Tags, tag)
		}
	}
	if len(a.Images) == 0 || a.Images[0].Credit != "ANI" || !strings.HasPrefix(a.Images[0].Caption, "Russian President") {
		t.Errorf("images = %+v, want the Kremlin photo with caption and credit", a.Images)
	}

	checkGolden(t, filepath.Join("testdata", "kremlin-meeting-republished.golden.json"), a)
}

// checkGolden compares v's JSON with a golden file; -update rewrites it.
func checkGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the change):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return ""
}
