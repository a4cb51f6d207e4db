package ids

import "testing"

func TestNamespaceValue(t *testing.T) {
	// Python's uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/callpark/callpark")
	// gives the same value; every id callpark generates depends on it.
	if got, want := format(namespace), "fda766be-936d-5b6a-b1f0-87a18ccfdba1"; got != want {
		t.Errorf("namespace = %s, want %s", got, want)
	}
}

func TestDeriveIsStable(t *testing.T) {
	a := Derive("Flow", "tasks/Main/actions/0")
	if a != Derive("Flow", "tasks/Main/actions/0") {
		t.Error("Derive is not deterministic")
	}
	if a == Derive("Flow", "tasks/Main/actions/1") {
		t.Error("two paths gave the same id")
	}
	if a[14] != '5' {
		t.Errorf("%s is not a version 5 UUID", a)
	}
}
