package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The charts are plain SVG written here, so the harness needs no plotting
// library: stored versions over time for every run, and end-to-end
// throughput and p99 latency against offered load.

type series struct {
	name string
	pts  [][2]float64
}

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

func lineChart(path, title, xlabel, ylabel string, ss []series) error {
	const W, H, L, R, T, B = 760, 420, 70, 190, 40, 50
	var xmax, ymax float64
	for _, s := range ss {
		for _, p := range s.pts {
			xmax, ymax = math.Max(xmax, p[0]), math.Max(ymax, p[1])
		}
	}
	if xmax == 0 || ymax == 0 {
		return nil
	}
	xmax, ymax = nice(xmax), nice(ymax)
	x := func(v float64) float64 { return L + v/xmax*(W-L-R) }
	y := func(v float64) float64 { return H - B - v/ymax*(H-T-B) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`, W, H)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/><text x="%d" y="22" font-size="15">%s</text>`, L, esc(title))
	for i := 0; i <= 5; i++ {
		gx, gy := xmax*float64(i)/5, ymax*float64(i)/5
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/><text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x(gx), T, x(gx), H-B, x(gx), H-B+16, num(gx))
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`, L, y(gy), W-R, y(gy), L-6, y(gy)+4, num(gy))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, (L+W-R)/2, H-12, esc(xlabel))
	fmt.Fprintf(&b, `<text transform="translate(16,%d) rotate(-90)" text-anchor="middle">%s</text>`, (T+H-B)/2, esc(ylabel))
	for i, s := range ss {
		c := palette[i%len(palette)]
		var pts []string
		for _, p := range s.pts {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, c, strings.Join(pts, " "))
		if len(s.pts) < 12 {
			for _, p := range s.pts {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`, x(p[0]), y(p[1]), c)
			}
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`, W-R+12, T+i*18, c, W-R+30, T+i*18+10, esc(s.name))
	}
	b.WriteString(`</svg>`)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func nice(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func num(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// drawCharts writes progress.svg (versions stored against time, one line
// per run), and, for each measure, its value against offered load per
// setup and binary (median over rounds): throughput.svg (versions stored
// per second in the offered phase), p99.svg, and backlog.svg (the backlog
// phase's rate beside the extraction-only rate).
func drawCharts(dir string, results []*result) error {
	var prog []series
	for _, r := range results {
		prog = append(prog, series{name: fmt.Sprintf("%s/%s r%d", r.Setup, r.Binary, r.Round), pts: r.Timeline})
	}
	if err := lineChart(filepath.Join(dir, "progress.svg"), "Versions stored since the first poll (backlog, then offered load)", "seconds", "versions stored", prog); err != nil {
		return err
	}
	type key struct{ setup, bin string }
	by := map[key]map[float64][]*result{}
	var keys []key
	for _, r := range results {
		k := key{r.Setup, r.Binary}
		if by[k] == nil {
			by[k] = map[float64][]*result{}
			keys = append(keys, k)
		}
		by[k][r.Offered.Rate] = append(by[k][r.Offered.Rate], r)
	}
	measure := func(name, title, ylabel string, f func(*result) float64, withBaseline bool) error {
		var ss []series
		for _, k := range keys {
			s := series{name: k.setup + "/" + k.bin}
			base := series{name: "extraction-only (" + k.bin + ")"}
			for rate, rs := range by[k] {
				var vs, bs []float64
				for _, r := range rs {
					vs, bs = append(vs, f(r)), append(bs, r.Baseline.ExtractPerSec)
				}
				s.pts = append(s.pts, [2]float64{rate, median(vs)})
				base.pts = append(base.pts, [2]float64{rate, median(bs)})
			}
			sort.Slice(s.pts, func(a, b int) bool { return s.pts[a][0] < s.pts[b][0] })
			sort.Slice(base.pts, func(a, b int) bool { return base.pts[a][0] < base.pts[b][0] })
			ss = append(ss, s)
			if withBaseline && k.setup == keys[0].setup {
				ss = append(ss, base)
			}
		}
		return lineChart(filepath.Join(dir, name), title, "offered load of the latency phase (items/s)", ylabel, ss)
	}
	if err := measure("throughput.svg", "Versions stored per second against offered load", "versions/s", func(r *result) float64 { return r.Offered.Achieved }, false); err != nil {
		return err
	}
	if err := measure("backlog.svg", "End-to-end articles/s on the backlog, and extraction alone", "articles/s", func(r *result) float64 { return r.Backlog.PerSec }, true); err != nil {
		return err
	}
	return measure("p99.svg", "Latency from first listed to stored, p99", "ms", func(r *result) float64 { return r.Offered.P99 }, false)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
