package repair

import (
	"fmt"
	"testing"
	"github.com/houqin/houqin/flows/parse"
)

func TestDbgFx31e(t *testing.T) {
	x := parse.Normalize("搞错了 我接的是今天301日光灯那个 不是303的")
	fmt.Printf("%q %q\n", x, retakeSaidRE.FindStringSubmatch(x))
}
