package suggest

import (
	"math"
	"math/rand/v2"
)

// A per-tag logistic regression over sentence vectors, trained by stochastic gradient
// descent with L2 regularisation (Bottou's schedule η_t = 1/(λ(t0+t)), the one
// scikit-learn's SGDClassifier calls "optimal"), class weights for the rare positive
// class, and weight averaging over the last epochs for a stable result.

// LinearParams tune the training of one tag's model.
type LinearParams struct {
	Lambda float64 // L2 regularisation strength
	Epochs int
	// ClassWeightPower weighs positives by (negatives/positives)^p: 1 is scikit-learn's
	// "balanced", 0 no reweighting. Between them trades recall for precision.
	ClassWeightPower float64
	// RejectedWeight weighs a sentence the analyst rejected for the tag, as a negative.
	RejectedWeight float64
	// InterceptRate scales the step of the intercept (scikit-learn uses 0.01 on sparse
	// data): a slow intercept keeps the score of an unseen sentence near the middle.
	InterceptRate float64
}

// DefaultLinear are the parameters Gloss uses. They were chosen on the development set
// (testdata/suggest/dev), never on the evaluation set.
var DefaultLinear = LinearParams{Lambda: 3e-5, Epochs: 6, ClassWeightPower: 0.75, RejectedWeight: 2, InterceptRate: 0.01}

// sample is one training sentence for one tag.
type sample struct {
	x      *Vec
	y      float32 // +1 or -1
	weight float32
}

// linear is a trained tag model: score = σ(w·x + b).
type linear struct {
	W []float32
	B float32
}

func (m *linear) prob(x Vec) float64 {
	return sigmoid(float64(x.Dot(m.W) + m.B))
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// trainLinear fits one tag's model. rng fixes the order of the samples, so the same data
// gives the same model.
func trainLinear(samples []sample, p LinearParams, rng *rand.Rand) *linear {
	w := make([]float64, Dim) // w = scale·v, so the L2 decay costs O(1) per step
	var avg []float64
	scale := 1.0
	var b float64
	lambda := p.Lambda
	// Bottou's heuristic for the first step size of the log loss.
	typw := math.Sqrt(1 / math.Sqrt(lambda))
	t0 := 1 / (typw * lambda)
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	// Averaging over the second half of the epochs (Polyak–Ruppert): the last iterates
	// of SGD wander; their mean does not.
	avgFrom := p.Epochs / 2
	var avgB float64
	avgN := 0
	t := 0.0
	for epoch := 0; epoch < p.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			s := samples[k]
			eta := 1 / (lambda * (t0 + t))
			t++
			var dot float64
			for j, i := range s.x.Idx {
				dot += w[i] * float64(s.x.Val[j])
			}
			z := scale*dot + b
			y := float64(s.y)
			// d/dz of log(1+exp(−yz)), times the sample's weight.
			g := -y * sigmoid(-y*z) * float64(s.weight)
			scale *= 1 - eta*lambda
			if scale < 1e-9 {
				for i := range w {
					w[i] *= scale
				}
				scale = 1
			}
			if g != 0 {
				step := -eta * g / scale
				for j, i := range s.x.Idx {
					w[i] += step * float64(s.x.Val[j])
				}
				b -= eta * g * p.InterceptRate
			}
		}
		if epoch >= avgFrom {
			if avg == nil {
				avg = make([]float64, Dim)
			}
			for i := range w {
				avg[i] += w[i] * scale
			}
			avgB += b
			avgN++
		}
	}
	m := &linear{W: make([]float32, Dim)}
	if avgN == 0 {
		for i := range w {
			m.W[i] = float32(w[i] * scale)
		}
		m.B = float32(b)
		return m
	}
	for i := range avg {
		m.W[i] = float32(avg[i] / float64(avgN))
	}
	m.B = float32(avgB / float64(avgN))
	return m
}

// classWeights returns the weights of positive and negative samples: positives by
// (neg/pos)^power, then both scaled so that the total weight equals the sample count.
func classWeights(pos, neg int, power float64) (wPos, wNeg float64) {
	if pos == 0 || neg == 0 {
		return 1, 1
	}
	wPos = math.Pow(float64(neg)/float64(pos), power)
	wNeg = 1
	norm := float64(pos+neg) / (wPos*float64(pos) + float64(neg))
	return wPos * norm, wNeg * norm
}
