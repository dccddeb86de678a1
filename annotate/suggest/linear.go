package suggest

import (
	"math"
	"math/rand/v2"
	"sync"
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
	// MaxNegatives and MaxSteps bound the work on a large corpus (see trainLinear), and
	// MinEpochs is the fewest passes a budget leaves (0 means 2).
	MaxNegatives int
	MaxSteps     int
	MinEpochs    int
}

// DefaultLinear are the parameters Gloss uses. They were chosen on the development set
// (testdata/suggest/dev), never on the evaluation set.
var DefaultLinear = LinearParams{Lambda: 1e-4, Epochs: 6, ClassWeightPower: 0.75, RejectedWeight: 2, InterceptRate: 0.01,
	MaxNegatives: 20000, MaxSteps: 60000}

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

// weightBuffers are the working weights of one training, reused by the next.
type weightBuffers struct {
	w   []float32
	avg []float64
}

var weightPool = sync.Pool{New: func() any {
	return &weightBuffers{w: make([]float32, Dim), avg: make([]float64, Dim)}
}}

// trainLinear fits one tag's model. rng fixes the order of the samples, so the same data
// gives the same model.
//
// On a large corpus two budgets keep training within seconds: an epoch uses every
// positive but at most MaxNegatives negatives, drawn afresh each epoch and weighted up
// so that the objective stays the same in expectation; and the epochs stop at MaxSteps
// updates (never fewer than MinEpochs). Neither applies at the development set's scale.
func trainLinear(samples []sample, p LinearParams, rng *rand.Rand) *linear {
	buf := weightPool.Get().(*weightBuffers)
	defer weightPool.Put(buf)
	w, avg := buf.w, buf.avg // w = scale·v, so the L2 decay costs O(1) per step
	clear(w)
	clear(avg)
	scale := 1.0
	var b float64
	lambda := p.Lambda
	// Bottou's heuristic for the first step size of the log loss.
	typw := math.Sqrt(1 / math.Sqrt(lambda))
	t0 := 1 / (typw * lambda)
	var pos, neg []int
	for i, s := range samples {
		if s.y > 0 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	perEpoch := len(pos) + len(neg)
	negWeight := float32(1)
	if p.MaxNegatives > 0 && len(neg) > p.MaxNegatives {
		perEpoch = len(pos) + p.MaxNegatives
		negWeight = float32(len(neg)) / float32(p.MaxNegatives)
	}
	epochs := p.Epochs
	if p.MaxSteps > 0 && perEpoch > 0 && epochs*perEpoch > p.MaxSteps {
		minEpochs := p.MinEpochs
		if minEpochs <= 0 {
			minEpochs = 2
		}
		epochs = max(minEpochs, p.MaxSteps/perEpoch)
	}
	order := make([]int, 0, perEpoch)
	// Averaging over the second half of the epochs (Polyak–Ruppert): the last iterates
	// of SGD wander; their mean does not.
	avgFrom := epochs / 2
	var avgB float64
	avgN := 0
	t := 0.0
	for epoch := 0; epoch < epochs; epoch++ {
		order = append(order[:0], pos...)
		if negWeight > 1 {
			// A fresh sample of the negatives: the first MaxNegatives of a partial shuffle.
			for i := 0; i < p.MaxNegatives; i++ {
				j := i + rng.IntN(len(neg)-i)
				neg[i], neg[j] = neg[j], neg[i]
			}
			order = append(order, neg[:p.MaxNegatives]...)
		} else {
			order = append(order, neg...)
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			s := samples[k]
			eta := 1 / (lambda * (t0 + t))
			t++
			var dot float32
			for j, i := range s.x.Idx {
				dot += w[i] * s.x.Val[j]
			}
			z := scale*float64(dot) + b
			y := float64(s.y)
			weight := float64(s.weight)
			if s.y < 0 {
				weight *= float64(negWeight)
			}
			// d/dz of log(1+exp(−yz)), times the sample's weight.
			g := -y * sigmoid(-y*z) * weight
			scale *= 1 - eta*lambda
			if scale < 1e-6 {
				for i := range w {
					w[i] *= float32(scale)
				}
				scale = 1
			}
			if g != 0 {
				step := float32(-eta * g / scale)
				for j, i := range s.x.Idx {
					w[i] += step * s.x.Val[j]
				}
				b -= eta * g * p.InterceptRate
			}
		}
		if epoch >= avgFrom {
			for i := range w {
				avg[i] += float64(w[i]) * scale
			}
			avgB += b
			avgN++
		}
	}
	m := &linear{W: make([]float32, Dim)}
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
