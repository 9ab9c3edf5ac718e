package schema_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/wiredesk/wiredesk/article/schema"
	"github.com/wiredesk/wiredesk/internal/corpus"
)

// sharedNINJS returns the path of shared/ninjs/ beside the repository.
func sharedNINJS(t testing.TB) string {
	t.Helper()
	return filepath.Join(corpus.SharedDir(t), "ninjs")
}

func readShared(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedNINJS(t), name))
	if err != nil {
		t.Fatalf("read official ninjs file: %v", err)
	}
	return b
}

func newValidator(t testing.TB) *schema.NINJSValidator {
	t.Helper()
	v, err := schema.NewNINJSValidator(readShared(t, "ninjs-schema_2.2.json"), schema.Extension(),
		schema.WithGeoJSONSchema(readShared(t, "GeoJSON-schema.json")))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// IPTC's own 2.2 examples check that the validator is wired to the real
// schema, GeoJSON reference included; 002 is IPTC's example with a relative
// uri, which only a validator that asserts formats rejects.
func TestValidateIPTCExamples(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		file  string
		valid bool
	}{
		{"001_simple_example.json", true},
		{"002_renditions_example.json", false},
		{"003_associations_example.json", true},
		{"004_simple_text_article.json", true},
		{"005_complex_text_article.json", true},
		{"006_photo_only.json", true},
		{"007_multimedia.json", true},
		{"../2.1/tt_text_image_2.json", true}, // carries places[].geojson
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readShared(t, filepath.Join("examples", "doc-2.2", tt.file))
			for name, validate := range map[string]func([]byte) error{
				"official": v.Validate, "extended": v.ValidateExtended,
			} {
				err := validate(doc)
				if (err == nil) != tt.valid {
					t.Errorf("%s: valid = %v, want %v (err: %v)", name, err == nil, tt.valid, err)
				}
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		name     string
		doc      string
		official bool // valid under the official schema
		extended bool // valid under the extension schema
	}{
		{"minimal", `{"uri":"urn:wiredesk:story:1"}`, true, true},
		{"no uri", `{"type":"text"}`, false, false},
		{"relative uri", `{"uri":"story-1"}`, false, false},
		{"type outside enum", `{"uri":"urn:x:1","type":"article"}`, false, false},
		{"1.x representationtype", `{"uri":"urn:x:1","representationtype":"complete"}`, false, false},
		{"bad date-time", `{"uri":"urn:x:1","versioncreated":"25 April 2025"}`, false, false},
		{"headline without value", `{"uri":"urn:x:1","headlines":[{"role":"main"}]}`, false, false},
		{"association without name", `{"uri":"urn:x:1","associations":[{"uri":"http://x.test/a.jpg"}]}`, false, false},
		{"unknown top-level property", `{"uri":"urn:x:1","keywords":["a"]}`, false, false},
		{"extension property", `{"uri":"urn:x:1","wiredesk_cluster_id":"c1"}`, false, true},
		{"misspelt extension property", `{"uri":"urn:x:1","wiredesk_clusterid":"c1"}`, false, false},
		{"extension quote kind", `{"uri":"urn:x:1","wiredesk_quotes":[{"text":"t","speaker":"s","kind":"indirect","position":0}]}`, false, false},
		{"extension status", `{"uri":"urn:x:1","wiredesk_status":"draft"}`, false, false},
		{"extension ingested_at format", `{"uri":"urn:x:1","wiredesk_ingested_at":"yesterday"}`, false, false},
		{"extension inside association", `{"uri":"urn:x:1","associations":[{"name":"a","uri":"urn:x:2","wiredesk_status":"queued"}]}`, false, false},
		{"geojson not geojson", `{"uri":"urn:x:1","places":[{"name":"Moscow","geojson":{"type":"Point"}}]}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				name     string
				validate func([]byte) error
				valid    bool
			}{{"official", v.Validate, tt.official}, {"extended", v.ValidateExtended, tt.extended}} {
				err := c.validate([]byte(tt.doc))
				if (err == nil) != c.valid {
					t.Errorf("%s: valid = %v, want %v (err: %v)", c.name, err == nil, c.valid, err)
				}
				if err != nil {
					var verr *jsonschema.ValidationError
					if !errors.Is(err, schema.ErrInvalid) || !errors.As(err, &verr) {
						t.Errorf("%s: error %v does not wrap ErrInvalid and *jsonschema.ValidationError", c.name, err)
					}
				}
			}
		})
	}
}

func TestValidateNotJSON(t *testing.T) {
	v := newValidator(t)
	for _, doc := range []string{"", "{", `{"uri":"urn:x:1"} {}`} {
		err := v.Validate([]byte(doc))
		if err == nil || errors.Is(err, schema.ErrInvalid) {
			t.Errorf("Validate(%q) = %v, want a parse error that is not ErrInvalid", doc, err)
		}
	}
}

func TestNewNINJSValidatorErrors(t *testing.T) {
	official := readShared(t, "ninjs-schema_2.2.json")
	tests := []struct {
		name                string
		official, extension []byte
		want                string
	}{
		{"official not JSON", []byte("{"), nil, "official ninjs"},
		{"official without $id", []byte(`{"type":"object"}`), nil, "no $id"},
		{"extension without $id", official, []byte(`{"type":"object"}`), "no $id"},
		{"extension refs an unknown schema", official, []byte(`{"$id":"https://wiredesk.test/x.json","$ref":"https://elsewhere.test/s.json"}`), "not fetched"},
		{"extension with the official $id", official, official, "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.NewNINJSValidator(tt.official, tt.extension)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// Without the GeoJSON schema the stand-in still compiles the official
// schema and keeps a non-GeoJSON value out.
func TestGeoJSONStandIn(t *testing.T) {
	v, err := schema.NewNINJSValidator(readShared(t, "ninjs-schema_2.2.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate([]byte(`{"uri":"urn:x:1","places":[{"geojson":{"type":"Point","coordinates":[1,2]}}]}`)); err != nil {
		t.Errorf("point rejected: %v", err)
	}
	if err := v.Validate([]byte(`{"uri":"urn:x:1","places":[{"geojson":{"type":"Circle"}}]}`)); err == nil {
		t.Error("unknown GeoJSON type accepted")
	}
}

func TestExtensionIsACopy(t *testing.T) {
	a := schema.Extension()
	a[0] = 'x'
	if b := schema.Extension(); b[0] != '{' {
		t.Fatal("Extension() hands out the embedded bytes")
	}
}

func TestValidateConcurrently(t *testing.T) {
	v := newValidator(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			doc := []byte(`{"uri":"urn:x:1","wiredesk_status":"queued"}`)
			if i%2 == 0 {
				if err := v.ValidateExtended(doc); err != nil {
					t.Error(err)
				}
			} else if err := v.Validate(doc); err == nil {
				t.Error("extension property accepted by the official schema")
			}
		})
	}
	wg.Wait()
}

func FuzzValidate(f *testing.F) {
	v := newValidator(f)
	f.Add([]byte(`{"uri":"urn:wiredesk:story:1","type":"text"}`))
	f.Add([]byte(`{"uri":"urn:x:1","wiredesk_quotes":[{"text":"t","speaker":"s","kind":"direct","position":0}]}`))
	f.Add([]byte(`{"uri":"urn:x:1","places":[{"geojson":{"type":"Point","coordinates":[1e308,-0.0]}}]}`))
	// Seeds stay small: the fuzzer minimises every new input, and a
	// multi-kilobyte IPTC example keeps it minimising for minutes.
	f.Add([]byte(`{"uri":"http://x.test/1","headlines":[{"role":"main","value":"h"}],"associations":[{"name":"a","uri":"http://x.test/a.jpg","type":"picture"}]}`))
	f.Add([]byte(`[1,2,"x",null]`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		// Any input gets an answer, never a panic; a document the official
		// schema accepts has no property the extension rejects.
		if v.Validate(doc) == nil {
			if err := v.ValidateExtended(doc); err != nil {
				t.Fatalf("valid ninjs rejected by the extension: %v", err)
			}
		}
	})
}
