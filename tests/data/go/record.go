// Command record answers, with Go's own standard library, the questions that
// tests/data/go/record.py asks on stdin (one JSON object), and prints the answers as JSON.
// The answers are the expected values of tests/test_go.py: they pin dockerlinks._go to Go.
//
//	python tests/data/go/record.py   # runs: go run tests/data/go/record.go
package main

import (
	"encoding/json"
	"net"
	"net/netip"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

type questions struct {
	Numbers   []string   `json:"numbers"`
	Quotes    []string   `json:"quotes"`
	Cases     []string   `json:"cases"`
	Addresses []string   `json:"addresses"`
	HostPorts []string   `json:"hostports"`
	Joins     [][]string `json:"joins"`
	Paths     []string   `json:"paths"`
	JSON      []string   `json:"json"`
	PortMaps  []portMap  `json:"port_maps"`
	Regexps   [][]string `json:"regexps"`
}

// portMap is one input of go-connections' nat.SortPortMap: the ports in the order given (the
// daemon ranges over a Go map to build it) and each port's bindings ("ip/hostport" texts).
type portMap struct {
	Ports    []string            `json:"ports"`
	Bindings map[string][]string `json:"bindings"`
}

// The comparator and the reordering below restate go-connections v0.4.0 nat/sort.go
// (SortPortMap and its portMapSorter), which dockerd v20.10 calls on a starting container's
// ports; its Less is not a strict order, so Go's sort.Sort decides the ties.
type portMapEntry struct {
	port, proto string
	number, hp  int
	binding     string
	bound       bool
}

type portMapSorter []portMapEntry

func (s portMapSorter) Len() int      { return len(s) }
func (s portMapSorter) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s portMapSorter) Less(i, j int) bool {
	pi, pj := s[i], s[j]
	return pi.hp > pj.hp || pi.number > pj.number ||
		(pi.number == pj.number && strings.ToLower(pi.proto) == "tcp")
}

func hostPortNumber(binding string) int {
	text := binding[strings.LastIndex(binding, "/")+1:]
	if i := strings.Index(text, "-"); i >= 0 {
		text = text[:i]
	}
	n, _ := strconv.Atoi(text)
	return n
}

func sortPortMap(q portMap) map[string]interface{} {
	s := portMapSorter{}
	for _, p := range q.Ports {
		number, _ := strconv.Atoi(p[:strings.Index(p, "/")])
		proto := p[strings.Index(p, "/")+1:]
		if bs := q.Bindings[p]; len(bs) > 0 {
			for _, b := range bs {
				s = append(s, portMapEntry{p, proto, number, hostPortNumber(b), b, true})
			}
		} else {
			s = append(s, portMapEntry{p, proto, number, 0, "", false})
		}
	}
	sort.Sort(s)
	ports := []string{}
	bindings := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range s {
		if !seen[e.port] {
			ports = append(ports, e.port)
			seen[e.port] = true
		}
		if e.bound {
			bindings[e.port] = append(bindings[e.port], e.binding)
		}
	}
	return map[string]interface{}{"input": q, "ports": ports, "bindings": bindings}
}

type number struct {
	Input   string  `json:"input"`
	Uint16  *uint64 `json:"uint16"`
	Uint16E string  `json:"uint16_error"`
	Uint64  *uint64 `json:"uint64"`
	Uint64E string  `json:"uint64_error"`
	Int64   *int64  `json:"int64"`
	Int64E  string  `json:"int64_error"`
}

type address struct {
	Input     string `json:"input"`
	ParseIP   string `json:"parse_ip"` // net.ParseIP(...).String(), "" for nil
	ParseIPv4 bool   `json:"parse_ip_is4"`
	Netip     string `json:"netip"` // netip.ParseAddr(...).String(), "" on error
	NetipOK   bool   `json:"netip_ok"`
}

type hostPort struct {
	Input string `json:"input"`
	Host  string `json:"host"`
	Port  string `json:"port"`
	Error string `json:"error"`
}

type binding struct {
	HostIP   string `json:"HostIp"`
	HostPort string `json:"HostPort"`
}

type jsonAnswer struct {
	Input    string `json:"input"`
	HostIP   string `json:"HostIp"`
	HostPort string `json:"HostPort"`
	Error    bool   `json:"error"`
}

type caseAnswer struct {
	Input string `json:"input"`
	Upper string `json:"upper"`
	Lower string `json:"lower"`
	Trim  string `json:"trim"`
}

func main() {
	var q questions
	if err := json.NewDecoder(os.Stdin).Decode(&q); err != nil {
		panic(err)
	}
	out := map[string]interface{}{}

	portMaps := []map[string]interface{}{}
	for _, pm := range q.PortMaps {
		portMaps = append(portMaps, sortPortMap(pm))
	}
	out["port_maps"] = portMaps

	regexps := []map[string]interface{}{}
	for _, pair := range q.Regexps {
		matched, err := regexp.MatchString(pair[0], pair[1])
		answer := map[string]interface{}{"pattern": pair[0], "text": pair[1], "match": matched}
		if err != nil {
			answer["error"] = true
		}
		regexps = append(regexps, answer)
	}
	out["regexps"] = regexps

	numbers := []number{}
	for _, s := range q.Numbers {
		n := number{Input: s}
		if v, err := strconv.ParseUint(s, 10, 16); err == nil {
			n.Uint16 = &v
		} else {
			n.Uint16E = err.Error()
		}
		if v, err := strconv.ParseUint(s, 10, 64); err == nil {
			n.Uint64 = &v
		} else {
			n.Uint64E = err.Error()
		}
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			n.Int64 = &v
		} else {
			n.Int64E = err.Error()
		}
		numbers = append(numbers, n)
	}
	out["numbers"] = numbers

	quotes := [][]string{}
	for _, s := range q.Quotes {
		quotes = append(quotes, []string{s, strconv.Quote(s)})
	}
	out["quotes"] = quotes

	cases := []caseAnswer{}
	for _, s := range q.Cases {
		cases = append(cases, caseAnswer{s, strings.ToUpper(s), strings.ToLower(s), strings.TrimSpace(s)})
	}
	out["cases"] = cases

	// every code point whose simple case mapping or white-space class Go knows
	upper, lower, spaces := [][]int{}, [][]int{}, []int{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if u := unicode.ToUpper(r); u != r {
			upper = append(upper, []int{int(r), int(u)})
		}
		if l := unicode.ToLower(r); l != r {
			lower = append(lower, []int{int(r), int(l)})
		}
		if unicode.IsSpace(r) {
			spaces = append(spaces, int(r))
		}
	}
	out["upper"], out["lower"], out["spaces"] = upper, lower, spaces
	out["unicode_version"] = unicode.Version

	addresses := []address{}
	for _, s := range q.Addresses {
		a := address{Input: s}
		if ip := net.ParseIP(s); ip != nil {
			a.ParseIP = ip.String()
			a.ParseIPv4 = ip.To4() != nil && !strings.Contains(s, ":")
		}
		if addr, err := netip.ParseAddr(s); err == nil {
			a.Netip, a.NetipOK = addr.String(), true
		}
		addresses = append(addresses, a)
	}
	out["addresses"] = addresses

	hostPorts := []hostPort{}
	for _, s := range q.HostPorts {
		h, p, err := net.SplitHostPort(s)
		hp := hostPort{Input: s, Host: h, Port: p}
		if err != nil {
			hp.Error = err.Error()
		}
		hostPorts = append(hostPorts, hp)
	}
	out["hostports"] = hostPorts

	joins := [][]string{}
	for _, pair := range q.Joins {
		joins = append(joins, []string{pair[0], pair[1], net.JoinHostPort(pair[0], pair[1])})
	}
	out["joins"] = joins

	paths := [][]string{}
	for _, p := range q.Paths {
		paths = append(paths, []string{p, path.Clean(p)})
	}
	out["paths"] = paths

	answers := []jsonAnswer{}
	for _, text := range q.JSON {
		var b binding
		err := json.Unmarshal([]byte(text), &b)
		answers = append(answers, jsonAnswer{text, b.HostIP, b.HostPort, err != nil})
	}
	out["json"] = answers
	out["go"] = strings.TrimPrefix(goVersion(), "go")

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
