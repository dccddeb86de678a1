package tagcolor

import (
	"image/color"
	"math"
)

// Lab is a colour in CIE L*a*b* (D65 white).
type Lab struct{ L, A, B float64 }

// ToLab converts an sRGB colour (alpha ignored) to CIE L*a*b* under D65.
func ToLab(c color.Color) Lab {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, b := lin(n.R), lin(n.G), lin(n.B)
	x := (0.4124564*r + 0.3575761*g + 0.1804375*b) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*b
	z := (0.0193339*r + 0.1191920*g + 0.9503041*b) / 1.08883
	f := func(t float64) float64 {
		const d = 6.0 / 29
		if t > d*d*d {
			return math.Cbrt(t)
		}
		return t/(3*d*d) + 4.0/29
	}
	fx, fy, fz := f(x), f(y), f(z)
	return Lab{L: 116*fy - 16, A: 500 * (fx - fy), B: 200 * (fy - fz)}
}

// DeltaE2000 is the CIEDE2000 colour difference of two Lab colours (kL = kC = kH = 1),
// as in Sharma, Wu and Dalal, "The CIEDE2000 color-difference formula: implementation
// notes, supplementary test data, and mathematical observations" (2005). About 1 is a
// just noticeable difference; 20 and more reads as a different colour at a glance.
func DeltaE2000(p, q Lab) float64 {
	rad := func(deg float64) float64 { return deg * math.Pi / 180 }
	deg := func(r float64) float64 { return r * 180 / math.Pi }
	pow7 := func(x float64) float64 { return math.Pow(x, 7) }

	c1, c2 := math.Hypot(p.A, p.B), math.Hypot(q.A, q.B)
	cBar := (c1 + c2) / 2
	g := 0.5 * (1 - math.Sqrt(pow7(cBar)/(pow7(cBar)+pow7(25))))
	a1, a2 := (1+g)*p.A, (1+g)*q.A
	c1p, c2p := math.Hypot(a1, p.B), math.Hypot(a2, q.B)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := deg(math.Atan2(b, a))
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(p.B, a1), hue(q.B, a2)

	dL := q.L - p.L
	dC := c2p - c1p
	var dh float64
	if c1p*c2p != 0 {
		dh = h2 - h1
		switch {
		case dh > 180:
			dh -= 360
		case dh < -180:
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(rad(dh/2))

	lBar := (p.L + q.L) / 2
	cBarP := (c1p + c2p) / 2
	hBar := h1 + h2
	if c1p*c2p != 0 {
		switch {
		case math.Abs(h1-h2) <= 180:
			hBar = (h1 + h2) / 2
		case h1+h2 < 360:
			hBar = (h1 + h2 + 360) / 2
		default:
			hBar = (h1 + h2 - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos(rad(hBar-30)) + 0.24*math.Cos(rad(2*hBar)) +
		0.32*math.Cos(rad(3*hBar+6)) - 0.20*math.Cos(rad(4*hBar-63))
	dTheta := 30 * math.Exp(-math.Pow((hBar-275)/25, 2))
	rC := 2 * math.Sqrt(pow7(cBarP)/(pow7(cBarP)+pow7(25)))
	sL := 1 + 0.015*(lBar-50)*(lBar-50)/math.Sqrt(20+(lBar-50)*(lBar-50))
	sC := 1 + 0.045*cBarP
	sH := 1 + 0.015*cBarP*t
	rT := -math.Sin(rad(2*dTheta)) * rC
	l, c, h := dL/sL, dC/sC, dH/sH
	return math.Sqrt(l*l + c*c + h*h + rT*c*h)
}

// Difference is the CIEDE2000 difference of two sRGB colours.
func Difference(a, b color.Color) float64 { return DeltaE2000(ToLab(a), ToLab(b)) }
