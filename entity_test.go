package embargo_test

import (
	"testing"

	"github.com/embargo-dev/embargo"
)

func TestEntity_AddAddress(t *testing.T) {
	var e embargo.Entity
	e.AddAddress(embargo.Address{})
	if e.Addresses != nil {
		t.Fatalf("Addresses=%v after an empty address, want none", e.Addresses)
	}
	a := embargo.Address{City: "Moscow", Country: "RU"}
	e.AddAddress(a)
	if len(e.Addresses) != 1 || e.Addresses[0] != a {
		t.Fatalf("Addresses=%v, want [%v]", e.Addresses, a)
	}
}
