// Command record executes Go text/template templates the way the docker CLI does, for the
// cases tests/data/gotemplate/record.py sends on stdin, and prints the answers as JSON.
// The answers are the expected values of tests/test_engine_gotemplate.py: they pin
// dockerlinks.engine.gotemplate to Go's own text/template.
//
//	python tests/data/gotemplate/record.py   # runs: go run . (in this directory)
//
// The function map behaves as the docker CLI's templates.Parse adds it (docker/cli
// templates/templates.go at v20.10.24 and v28.2.2; "join" as at v29.2.0 when a case asks for
// it). The implementations below are this recorder's own, written from that behaviour.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"text/template"
	"unicode/utf8"

	"dockerlinks.test/gotemplate/docker/formatter"
	"dockerlinks.test/gotemplate/docker/types"
)

// jsonText is the CLI's "json": an encoder without HTML escaping, white space trimmed; an
// encoding error panics (v28), which text/template reports as the call's error.
func jsonText(v interface{}) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSpace(buf.String())
}

func pad(s string, before, after int) string {
	if s == "" {
		return s
	}
	return strings.Repeat(" ", before) + s + strings.Repeat(" ", after)
}

func truncate(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// joinAny is "join" since docker CLI v29.2.0: any slice or array (fmt.Sprint of each
// element), a map's values sorted as strings, nil as "".
func joinAny(elems interface{}, sep string) (string, error) {
	if elems == nil {
		return "", nil
	}
	if ss, ok := elems.([]string); ok {
		return strings.Join(ss, sep), nil
	}
	v := reflect.ValueOf(elems)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		return strings.Join(parts, sep), nil
	case reflect.Map:
		var parts []string
		iter := v.MapRange()
		for iter.Next() {
			parts = append(parts, fmt.Sprint(iter.Value().Interface()))
		}
		sort.Strings(parts)
		return strings.Join(parts, sep), nil
	}
	return "", fmt.Errorf("expected slice, got %T", elems)
}

func functions(join string) template.FuncMap {
	funcs := template.FuncMap{
		"json":     jsonText,
		"split":    strings.Split,
		"join":     strings.Join,
		"title":    strings.Title, //nolint:staticcheck // the CLI's function
		"lower":    strings.ToLower,
		"upper":    strings.ToUpper,
		"pad":      pad,
		"truncate": truncate,
	}
	if join == "elements" {
		funcs["join"] = joinAny
	}
	return funcs
}

type request struct {
	Docs  map[string]json.RawMessage `json:"docs"`
	Cases []testCase                 `json:"cases"`
}

type testCase struct {
	Template string `json:"template"`
	Doc      string `json:"doc"`
	// Typed is the Go type the document is decoded into for the typed run: "container"
	// (types.ContainerJSON), "network" (types.NetworkResource), "ps" (a
	// *formatter.ContainerContext), "plain" (interface{}, default missingkey) or "".
	Typed string `json:"typed"`
	// Raw asks for the CLI's raw retry: the JSON decoded with UseNumber into interface{},
	// executed with missingkey=error.
	Raw  bool   `json:"raw"`
	Join string `json:"join"`
}

type outcome struct {
	Out    *string `json:"out,omitempty"`
	OutHex string  `json:"out_hex,omitempty"` // the bytes, when they are not UTF-8
	Err    *string `json:"err,omitempty"`
}

type answer struct {
	Template string   `json:"template"`
	Doc      string   `json:"doc"`
	Typed    string   `json:"typed,omitempty"`
	Join     string   `json:"join,omitempty"`
	Parse    *string  `json:"parse_error,omitempty"`
	TypedRun *outcome `json:"typed_run,omitempty"`
	RawRun   *outcome `json:"raw_run,omitempty"`
}

func run(tmpl *template.Template, data interface{}) *outcome {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		text := err.Error()
		return &outcome{Err: &text}
	}
	out := buf.String()
	o := &outcome{Out: &out}
	if !utf8.ValidString(out) {
		o.OutHex = fmt.Sprintf("%x", out)
	}
	return o
}

func typed(kind string, doc json.RawMessage) (interface{}, error) {
	switch kind {
	case "container":
		var v types.ContainerJSON
		err := json.Unmarshal(doc, &v)
		return v, err
	case "network":
		var v types.NetworkResource
		err := json.Unmarshal(doc, &v)
		return v, err
	case "ps":
		var v formatter.Summary
		err := json.Unmarshal(doc, &v)
		return formatter.New(v), err
	case "plain":
		var v interface{}
		err := json.Unmarshal(doc, &v)
		return v, err
	}
	return nil, fmt.Errorf("unknown typed kind %q", kind)
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		panic(err)
	}
	answers := make([]answer, 0, len(req.Cases))
	for _, c := range req.Cases {
		a := answer{Template: c.Template, Doc: c.Doc, Typed: c.Typed, Join: c.Join}
		tmpl, err := template.New("").Funcs(functions(c.Join)).Parse(c.Template)
		if err != nil {
			text := err.Error()
			a.Parse = &text
			answers = append(answers, a)
			continue
		}
		doc, ok := req.Docs[c.Doc]
		if !ok {
			panic("no document " + c.Doc)
		}
		if c.Typed != "" {
			data, err := typed(c.Typed, doc)
			if err != nil {
				panic(err)
			}
			a.TypedRun = run(tmpl, data)
		}
		if c.Raw {
			var raw interface{}
			dec := json.NewDecoder(bytes.NewReader(doc))
			dec.UseNumber()
			if err := dec.Decode(&raw); err != nil {
				panic(err)
			}
			a.RawRun = run(tmpl.Option("missingkey=error"), raw)
		}
		answers = append(answers, a)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(answers); err != nil {
		panic(err)
	}
}
