package wire

// Field is one node of an annotated decode: a named run of bytes in a
// message, its rendered value and its sub-fields. Offsets count from the
// first octet of the message, so a hex view can highlight Offset..Offset+Length.
type Field struct {
	Name     string   `json:"name"`
	Offset   int      `json:"offset"`
	Length   int      `json:"length"`
	Value    string   `json:"value,omitempty"`
	Children []*Field `json:"children,omitempty"`
}

// annotator records the field tree while a decoder runs. Decoders take an
// *annotator and call it only when it is non-nil, so plain decoding pays
// one pointer comparison per field and nothing else.
//
// Offsets are derived from the capacity of the sub-slice a decoder passes
// in: for any two-index re-slicing s := msg[i:j], cap(s) == cap(msg)-i.
// Decoders therefore must not use three-index slices on annotated input.
type annotator struct {
	capBase int      // cap of the whole message
	stack   []*Field // open fields, root first
}

// newAnnotator starts a tree whose root spans the whole of msg.
func newAnnotator(name string, msg []byte) *annotator {
	root := &Field{Name: name, Length: len(msg)}
	return &annotator{capBase: cap(msg), stack: []*Field{root}}
}

// offset is where sub starts within the annotated message.
func (a *annotator) offset(sub []byte) int { return a.capBase - cap(sub) }

// leaf adds a field covering exactly the bytes of sub.
func (a *annotator) leaf(name string, sub []byte, value string) {
	top := a.stack[len(a.stack)-1]
	top.Children = append(top.Children, &Field{Name: name, Offset: a.offset(sub), Length: len(sub), Value: value})
}

// open starts a field covering sub; the fields added until close are its
// children.
func (a *annotator) open(name string, sub []byte, value string) {
	f := &Field{Name: name, Offset: a.offset(sub), Length: len(sub), Value: value}
	top := a.stack[len(a.stack)-1]
	top.Children = append(top.Children, f)
	a.stack = append(a.stack, f)
}

// close ends the innermost open field.
func (a *annotator) close() {
	if len(a.stack) > 1 {
		a.stack = a.stack[:len(a.stack)-1]
	}
}

// setValue sets the rendered value of the innermost open field, for values
// known only after its children are decoded.
func (a *annotator) setValue(v string) { a.stack[len(a.stack)-1].Value = v }

// root returns the tree, closing any fields left open by an error.
func (a *annotator) root() *Field {
	a.stack = a.stack[:1]
	return a.stack[0]
}
