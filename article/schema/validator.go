// Package schema validates wiredesk's IPTC ninjs output: pure ninjs 2.2
// against IPTC's official JSON Schema, and extended ninjs against the
// wiredesk extension schema that ships embedded in this package.
//
// The official schema is not copied into the repository: the caller hands
// its bytes in (read from shared/ninjs/ or from the operator's config), so
// the validator checks against exactly the file IPTC publishes. It lives
// apart from package article so that the domain type stays stdlib-only.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed wiredesk-ninjs-extension.json
var extensionSchema []byte

// Extension returns a copy of the wiredesk ninjs extension schema
// (JSON Schema draft 2020-12) embedded in the binary.
func Extension() []byte { return bytes.Clone(extensionSchema) }

// GeoJSONSchemaURL is where the official ninjs schema's places[].geojson
// points. The validator never fetches it; see WithGeoJSONSchema.
const GeoJSONSchemaURL = "https://geojson.org/schema/GeoJSON.json"

// geoJSONStandIn replaces the GeoJSON schema when the caller supplies none.
// wiredesk never writes geojson, so this only has to keep a foreign
// document's obvious garbage out, not check coordinates.
const geoJSONStandIn = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://geojson.org/schema/GeoJSON.json",
  "type": "object",
  "required": ["type"],
  "properties": {"type": {"enum": ["Point", "MultiPoint", "LineString", "MultiLineString",
    "Polygon", "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection"]}}
}`

// ErrInvalid is matched through errors.Is by every error that says a
// document broke a schema (as opposed to not being JSON at all). The
// *jsonschema.ValidationError with the details is wrapped beside it.
var ErrInvalid = errors.New("ninjs document does not match its schema")

// NINJSValidator checks documents against the official ninjs 2.2 schema and
// the wiredesk extension. It is safe for concurrent use.
type NINJSValidator struct {
	official, extended       *jsonschema.Schema
	officialURL, extendedURL string
}

// Option configures NewNINJSValidator.
type Option func(*options)

type options struct {
	geoJSON []byte
}

// WithGeoJSONSchema supplies the GeoJSON schema that ninjs places[].geojson
// refers to (shared/ninjs/GeoJSON-schema.json). Without it a minimal
// stand-in is used that only checks the GeoJSON "type" member.
func WithGeoJSONSchema(schema []byte) Option {
	return func(o *options) { o.geoJSON = schema }
}

// NewNINJSValidator compiles the official ninjs 2.2 schema and the wiredesk
// extension schema. A nil extension means the embedded one (Extension()).
// Each schema is registered under its own $id, so the extension's $ref to
// the official schema resolves without any network or file access; format
// keywords (uri, date-time) are asserted, not just annotated.
func NewNINJSValidator(official, extension []byte, opts ...Option) (*NINJSValidator, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if extension == nil {
		extension = extensionSchema
	}
	geo := o.geoJSON
	if geo == nil {
		geo = []byte(geoJSONStandIn)
	}

	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(refuseLoader{})
	officialURL, err := addSchema(c, "official ninjs", official)
	if err != nil {
		return nil, err
	}
	extendedURL, err := addSchema(c, "wiredesk extension", extension)
	if err != nil {
		return nil, err
	}
	if err := addResourceAt(c, "GeoJSON", GeoJSONSchemaURL, geo); err != nil {
		return nil, err
	}

	v := &NINJSValidator{officialURL: officialURL, extendedURL: extendedURL}
	if v.official, err = c.Compile(officialURL); err != nil {
		return nil, fmt.Errorf("schema: compile official ninjs %s: %w", officialURL, err)
	}
	if v.extended, err = c.Compile(extendedURL); err != nil {
		return nil, fmt.Errorf("schema: compile wiredesk extension %s: %w", extendedURL, err)
	}
	return v, nil
}

// Validate checks doc against the official ninjs 2.2 schema, which rejects
// any property ninjs does not define, wiredesk_* ones included.
func (v *NINJSValidator) Validate(doc []byte) error {
	return validate(v.official, v.officialURL, doc)
}

// ValidateExtended checks doc against the wiredesk extension schema: every
// ninjs 2.2 property plus the wiredesk_* ones, nothing else.
func (v *NINJSValidator) ValidateExtended(doc []byte) error {
	return validate(v.extended, v.extendedURL, doc)
}

func validate(sch *jsonschema.Schema, url string, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("schema: parse document for %s: %w", url, err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("schema: %s: %w: %w", url, ErrInvalid, err)
	}
	return nil
}

// addSchema registers a schema document under its $id and returns that id
// without its (empty) fragment, which is what Compile wants.
func addSchema(c *jsonschema.Compiler, what string, raw []byte) (string, error) {
	var head struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return "", fmt.Errorf("schema: read %s schema: %w", what, err)
	}
	id := strings.TrimSuffix(head.ID, "#")
	if id == "" {
		return "", fmt.Errorf("schema: %s schema has no $id", what)
	}
	return id, addResourceAt(c, what, id, raw)
}

func addResourceAt(c *jsonschema.Compiler, what, url string, raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("schema: parse %s schema: %w", what, err)
	}
	if err := c.AddResource(url, doc); err != nil {
		return fmt.Errorf("schema: add %s schema as %s: %w", what, url, err)
	}
	return nil
}

// refuseLoader keeps the compiler off the network and the file system: a
// $ref to anything not handed in is a configuration error, reported at
// construction rather than fetched from wherever it points.
type refuseLoader struct{}

func (refuseLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema: %s was not supplied and is not fetched", url)
}
