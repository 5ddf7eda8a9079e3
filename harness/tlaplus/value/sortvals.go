package value

import "slices"

// insertionLimit is the length up to which sortStable uses insertion sort: the sets and function
// domains of model-checked specs are small, and insertion sort on them allocates nothing and makes
// few comparisons, where the generic library sorts pay for reflection or closures.
const insertionLimit = 12

// sortStable sorts keys in normalized order, permuting vals (when not nil) the same way, keeping
// equal keys in their original order. It returns the first comparison error.
func sortStable(keys, vals []Value) error {
	if len(keys) <= insertionLimit {
		for i := 1; i < len(keys); i++ {
			k := keys[i]
			j := i
			for ; j > 0; j-- {
				c, err := Compare(keys[j-1], k)
				if err != nil {
					return err
				}
				if c <= 0 {
					break
				}
			}
			if j == i {
				continue
			}
			copy(keys[j+1:i+1], keys[j:i])
			keys[j] = k
			if vals != nil {
				v := vals[i]
				copy(vals[j+1:i+1], vals[j:i])
				vals[j] = v
			}
		}
		return nil
	}
	ix := make([]int, len(keys))
	for i := range ix {
		ix[i] = i
	}
	var cmpErr error
	slices.SortStableFunc(ix, func(a, b int) int {
		c, err := Compare(keys[a], keys[b])
		if err != nil && cmpErr == nil {
			cmpErr = err
		}
		return c
	})
	if cmpErr != nil {
		return cmpErr
	}
	sortedKeys := make([]Value, len(keys))
	for i, j := range ix {
		sortedKeys[i] = keys[j]
	}
	copy(keys, sortedKeys)
	if vals != nil {
		for i, j := range ix {
			sortedKeys[i] = vals[j]
		}
		copy(vals, sortedKeys)
	}
	return nil
}
