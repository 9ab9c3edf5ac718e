package config

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// The YAML is decoded by walking goccy/go-yaml's AST against the Config
// struct rather than with its reflection decoder: the decoder stops at the
// first problem and loses the position of errors raised by custom types,
// whereas the walk reports every unknown key and bad value with its line,
// and records the line of every key for the validation that follows.

// maxNodes bounds the work one document may cause, so a YAML alias bomb
// (aliases of aliases, each doubling the size) fails fast instead of
// expanding forever.
const maxNodes = 100_000

type decoder struct {
	source   string
	anchors  map[string]ast.Node
	lines    map[string]int
	problems []Problem
	visited  int
	depth    int
}

var (
	durationType    = reflect.TypeFor[time.Duration]()
	cfgDurationType = reflect.TypeFor[Duration]()
	byteSizeType    = reflect.TypeFor[ByteSize]()
	feedType        = reflect.TypeFor[Feed]()
)

// decode reads data onto cfg, which holds the defaults. It returns the
// problems found, and whether the document could be read at all: a key with
// a bad value keeps its default, so a readable document can still be
// validated to report the rest of its problems in the same pass.
func decode(data []byte, source string, cfg *Config) (problems []Problem, readable bool) {
	d := &decoder{source: source, anchors: map[string]ast.Node{}, lines: map[string]int{}}
	cfg.source, cfg.lines = source, d.lines
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return []Problem{d.syntaxProblem(err)}, false
	}
	var docs []*ast.DocumentNode
	for _, doc := range file.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc)
		}
	}
	switch len(docs) {
	case 0:
		return nil, true // an empty file means all defaults
	case 1:
	default:
		d.addAt(docs[1].Body, "", "the file holds %d YAML documents; wiredesk reads one", len(docs))
		return d.problems, false
	}
	d.value(docs[0].Body, reflect.ValueOf(cfg).Elem(), "")
	return d.problems, true
}

// syntaxProblem turns a parser error into a problem with the line of the
// offending token.
func (d *decoder) syntaxProblem(err error) Problem {
	p := Problem{Source: d.source, Message: err.Error()}
	if pe, ok := err.(interface{ GetMessage() string }); ok {
		p.Message = pe.GetMessage()
	}
	if te, ok := err.(interface{ GetToken() *token.Token }); ok && te.GetToken() != nil && te.GetToken().Position != nil {
		p.Line = te.GetToken().Position.Line
	}
	return p
}

// add records a problem about the key at path, with the line of node.
func (d *decoder) addAt(node ast.Node, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	d.problems = append(d.problems, Problem{Source: d.source, Line: lineOf(node), Key: path, Message: msg})
}

func lineOf(node ast.Node) int {
	if node == nil {
		return 0
	}
	if tk := node.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

// resolve strips tags and anchors from node and follows aliases, so the
// caller sees the value itself. It returns nil for a null value.
func (d *decoder) resolve(node ast.Node, path string) ast.Node {
	for range 64 {
		switch n := node.(type) {
		case nil, *ast.NullNode:
			return nil
		case *ast.TagNode:
			node = n.Value
		case *ast.AnchorNode:
			// Registered before its value is walked; a value that refers to
			// its own anchor is cut off by the depth limit in value.
			d.anchors[n.Name.String()] = n.Value
			node = n.Value
		case *ast.AliasNode:
			name := n.Value.String()
			target, ok := d.anchors[name]
			if !ok {
				d.addAt(n, path, "alias *%s refers to no anchor defined before it", name)
				return nil
			}
			node = target
		default:
			return node
		}
	}
	d.addAt(node, path, "aliases nest too deeply")
	return nil
}

// value decodes node into v, which is addressable.
func (d *decoder) value(node ast.Node, v reflect.Value, path string) {
	d.visited++
	d.depth++
	defer func() { d.depth-- }()
	if d.visited > maxNodes || d.depth > 32 {
		if d.visited == maxNodes+1 || d.depth == 33 {
			d.addAt(node, path, "the document is too large or nests too deeply (YAML alias bomb?)")
		}
		return
	}
	orig := node
	node = d.resolve(node, path)
	if node == nil {
		return // null keeps the default
	}
	switch v.Type() {
	case durationType, cfgDurationType:
		s, ok := d.scalar(node, path, "a duration such as 90s or 5m")
		if !ok {
			return
		}
		dur, err := parseDuration(s)
		if err != nil {
			d.addAt(orig, path, "%v", err)
			return
		}
		v.SetInt(int64(dur))
		return
	case byteSizeType:
		s, ok := d.scalar(node, path, "a size such as 10MiB")
		if !ok {
			return
		}
		size, err := ParseByteSize(s)
		if err != nil {
			d.addAt(orig, path, "%v", err)
			return
		}
		v.SetInt(int64(size))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if s, ok := d.scalar(node, path, "a string"); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		b, ok := node.(*ast.BoolNode)
		if !ok {
			d.addAt(orig, path, "%s is not true or false", describe(node))
			return
		}
		v.SetBool(b.Value)
	case reflect.Int:
		n, ok := node.(*ast.IntegerNode)
		if !ok {
			d.addAt(orig, path, "%s is not a whole number", describe(node))
			return
		}
		i, err := strconv.ParseInt(fmt.Sprint(n.Value), 10, 0)
		if err != nil {
			d.addAt(orig, path, "%s is out of range", describe(node))
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		var f float64
		var err error
		switch n := node.(type) {
		case *ast.FloatNode:
			f = n.Value
		case *ast.IntegerNode:
			f, err = strconv.ParseFloat(fmt.Sprint(n.Value), 64)
		default:
			d.addAt(orig, path, "%s is not a number", describe(node))
			return
		}
		if err != nil {
			d.addAt(orig, path, "%s is not a number", describe(node))
			return
		}
		v.SetFloat(f)
	case reflect.Struct:
		d.structValue(node, v, path)
	case reflect.Slice:
		seq, ok := node.(*ast.SequenceNode)
		if !ok {
			d.addAt(orig, path, "%s is not a list", describe(node))
			return
		}
		out := reflect.MakeSlice(v.Type(), 0, len(seq.Values))
		for i, item := range seq.Values {
			elem := reflect.New(v.Type().Elem()).Elem()
			if v.Type().Elem() == feedType {
				elem.Set(reflect.ValueOf(defaultFeed()))
			}
			p := fmt.Sprintf("%s[%d]", path, i)
			d.lines[p] = lineOf(item)
			d.value(item, elem, p)
			out = reflect.Append(out, elem)
		}
		v.Set(out)
	case reflect.Map:
		pairs, ok := d.pairs(node, path)
		if !ok {
			d.addAt(orig, path, "%s is not a mapping", describe(node))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(pairs))
		for _, kv := range pairs {
			p := joinPath(path, kv.key)
			d.lines[p] = lineOf(kv.keyNode)
			elem := reflect.New(v.Type().Elem()).Elem()
			d.value(kv.value, elem, p)
			m.SetMapIndex(reflect.ValueOf(kv.key), elem)
		}
		v.Set(m)
	default:
		// Only the kinds above appear in Config; reaching here is a bug.
		panic(fmt.Sprintf("config: cannot decode into %s", v.Type()))
	}
}

// structValue decodes a mapping onto the struct v field by field.
func (d *decoder) structValue(node ast.Node, v reflect.Value, path string) {
	pairs, ok := d.pairs(node, path)
	if !ok {
		d.addAt(node, path, "%s is not a mapping", describe(node))
		return
	}
	fields := yamlFields(v.Type())
	for _, kv := range pairs {
		p := joinPath(path, kv.key)
		idx, known := fields[kv.key]
		if !known {
			d.unknownKey(kv.keyNode, p, kv.key, fields)
			continue
		}
		d.lines[p] = lineOf(kv.keyNode)
		d.value(kv.value, v.Field(idx), p)
	}
}

func (d *decoder) unknownKey(node ast.Node, path, key string, fields map[string]int) {
	msg := fmt.Sprintf("unknown key %q", path)
	if near := nearest(key, fields); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	d.problems = append(d.problems, Problem{Source: d.source, Line: lineOf(node), Key: path, Message: msg})
}

type pair struct {
	key     string
	keyNode ast.Node
	value   ast.Node
}

// pairs lists the entries of a mapping node, with YAML merge keys ("<<")
// expanded: merged entries come first so the mapping's own keys win.
func (d *decoder) pairs(node ast.Node, path string) ([]pair, bool) {
	// A mapping may merge itself through its own anchor ("&f <<: *f"):
	// without a bound that recursion would overflow the stack.
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 32 {
		d.addAt(node, path, "merges nest too deeply (does a mapping merge itself?)")
		return nil, true
	}
	var values []*ast.MappingValueNode
	switch n := node.(type) {
	case *ast.MappingNode:
		values = n.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{n}
	default:
		return nil, false
	}
	var merged, own []pair
	for _, mv := range values {
		if mv.Key != nil && mv.Key.IsMergeKey() {
			src := d.resolve(mv.Value, path)
			var sources []ast.Node
			if seq, ok := src.(*ast.SequenceNode); ok {
				sources = seq.Values
			} else if src != nil {
				sources = []ast.Node{src}
			}
			for _, s := range sources {
				sub, ok := d.pairs(d.resolve(s, path), path)
				if !ok {
					d.addAt(mv, path, "<< must merge a mapping")
					continue
				}
				merged = append(merged, sub...)
			}
			continue
		}
		keyNode := d.resolve(mv.Key, path)
		key, ok := keyNode.(ast.ScalarNode)
		if !ok || keyNode == nil {
			d.addAt(mv.Key, path, "a key must be a plain value")
			continue
		}
		own = append(own, pair{key: fmt.Sprint(key.GetValue()), keyNode: mv.Key, value: mv.Value})
	}
	if len(merged) == 0 {
		return own, true
	}
	// Later entries override earlier ones with the same key.
	seen := map[string]int{}
	var out []pair
	for _, kv := range append(merged, own...) {
		if i, dup := seen[kv.key]; dup {
			out[i] = kv
			continue
		}
		seen[kv.key] = len(out)
		out = append(out, kv)
	}
	return out, true
}

// scalar returns the text of a scalar node; what describes the expected
// value for the error when node is a list or mapping.
func (d *decoder) scalar(node ast.Node, path, what string) (string, bool) {
	switch n := node.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		return n.Value.Value, true
	case ast.ScalarNode:
		return n.GetToken().Value, true
	}
	d.addAt(node, path, "%s where %s was expected", describe(node), what)
	return "", false
}

// describe names a node's kind for error messages.
func describe(node ast.Node) string {
	switch n := node.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return strconv.Quote(n.Value)
	case ast.ScalarNode:
		return n.GetToken().Value
	}
	return "this value"
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// yamlFields maps the yaml names of a struct's exported fields to their
// index.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		m[name] = i
	}
	return m
}

// nearest returns the known key closest to key when it is a plausible typo.
func nearest(key string, fields map[string]int) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	best, bestDist := "", 3
	for _, name := range names {
		if dist := editDistance(strings.ToLower(key), name); dist < bestDist {
			best, bestDist = name, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
