package stdlib_test

import (
	"fmt"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/stdlib"
)

func ExampleSource() {
	src, ok := stdlib.Source("Sequences")
	fmt.Println(ok)
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "Append") {
			fmt.Println(line)
		}
	}
	_, ok = stdlib.Source("ProtoReals")
	fmt.Println(ok)
	// Output:
	// true
	// Append(s, e) == s \o <<e>>
	// false
}
