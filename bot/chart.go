package bot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/hangtime/hangtime/coach"
)

// The chart's size in pixels at chartDPI: wide enough to read on a phone,
// small enough to load fast.
const (
	chartWidth  = 800
	chartHeight = 400
	chartDPI    = 96
)

// Chart colours, for Discord's dark theme (the chart carries its own
// background, so it stays legible on the light theme too).
var (
	chartBackground = color.RGBA{0x2B, 0x2D, 0x31, 0xFF} // Discord's dark embed background
	chartText       = color.RGBA{0xDB, 0xDE, 0xE1, 0xFF}
	chartAxis       = color.RGBA{0x80, 0x84, 0x8E, 0xFF}
	chartGrid       = color.RGBA{0x3F, 0x41, 0x47, 0xFF}
	chartBar        = color.RGBA{0x4F, 0x9D, 0xDE, 0xFF} // colorBrand
)

// minutesChart draws a PNG bar chart of minutes per day, the last day on
// the right, labelled with dates.
func minutesChart(days []coach.DayMinutes, title, minutes string) ([]byte, error) {
	if len(days) == 0 {
		return nil, fmt.Errorf("draw chart: no days")
	}
	p := plot.New()
	p.BackgroundColor = chartBackground
	sans := func(size vg.Length) font.Font {
		return font.From(font.Font{Typeface: "Liberation", Variant: "Sans"}, size)
	}
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(14)
	p.Title.TextStyle.Color = chartText
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Color = chartAxis
		ax.Tick.Color = chartAxis
		ax.Tick.Label.Color = chartText
		ax.Tick.Label.Font = sans(10)
		ax.Label.TextStyle.Color = chartText
		ax.Label.TextStyle.Font = sans(11)
	}
	p.Y.Label.Text = minutes
	p.Y.Min = 0
	top := 0.0
	values := make(plotter.Values, len(days))
	for i, d := range days {
		values[i] = d.Minutes
		top = max(top, d.Minutes)
	}
	// Headroom above the tallest bar; a flat chart still gets an axis.
	p.Y.Max = max(top*1.1, 1)
	p.Y.Tick.Marker = minuteTicks{}
	p.X.Tick.Marker = dayTicks(days)

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = chartGrid
	grid.Horizontal.Dashes = nil
	p.Add(grid)

	// The data area is the canvas less the axes' labels: about 90% of its
	// width. Bars take 70% of their slot, but at least a pixel.
	w := vg.Length(chartWidth) * vg.Inch / chartDPI
	h := vg.Length(chartHeight) * vg.Inch / chartDPI
	barWidth := max(w*0.9/vg.Length(len(days))*0.7, vg.Inch/chartDPI)
	bars, err := plotter.NewBarChart(values, barWidth)
	if err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	bars.Color = chartBar
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.X.Min, p.X.Max = -0.5, float64(len(days))-0.5

	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(chartBackground))
	// A margin keeps the title and the last date label off the edges.
	p.Draw(draw.Crop(draw.New(c), vg.Points(6), -vg.Points(18), vg.Points(4), -vg.Points(8)))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	return buf.Bytes(), nil
}

// dayTicks labels the days under the bars: every day for a week or two,
// otherwise every 7th or 14th day counted back from the last, so the last
// day always has a label.
func dayTicks(days []coach.DayMinutes) plot.ConstantTicks {
	n := len(days)
	step, layout := 1, "Mon 2"
	switch {
	case n > 45:
		step, layout = 14, "Jan 2"
	case n > 14:
		step, layout = 7, "Jan 2"
	}
	var ticks plot.ConstantTicks
	for i := n - 1; i >= 0; i-- {
		label := ""
		if (n-1-i)%step == 0 {
			label = days[i].Day.Start(nil).Format(layout)
		} else if n > 45 {
			continue // no minor tick per day on a long chart
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
	}
	return ticks
}

// minuteTicks labels the minutes axis with round numbers: four to eight
// steps of half a minute up to an hour.
type minuteTicks struct{}

// Ticks returns the ticks from lo to hi.
func (minuteTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 60.0
	for _, s := range []float64{0.5, 1, 2, 5, 10, 15, 30} {
		if (hi-lo)/s <= 8 {
			step = s
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}
