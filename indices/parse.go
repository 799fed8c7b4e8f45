package indices

import (
	"fmt"
	"strconv"
)

// maxFormulaLen and maxDepth bound what Parse accepts, so that a hostile
// formula cannot exhaust memory or the stack.
const (
	maxFormulaLen = 1 << 16
	maxDepth      = 200
)

// ParseError reports a syntax error in a formula: the 1-based column (in
// bytes) where parsing stopped and what was expected there.
type ParseError struct {
	Formula string
	Column  int
	Msg     string
}

// Error implements error: `indices: formula "…": column 7: expected …`.
func (e *ParseError) Error() string {
	f := e.Formula
	if len(f) > 120 {
		f = f[:117] + "..."
	}
	return fmt.Sprintf("indices: formula %q: column %d: %s", f, e.Column, e.Msg)
}

type nodeKind uint8

const (
	nodeNum nodeKind = iota
	nodeVar
	nodeNeg
	nodeAdd
	nodeSub
	nodeMul
	nodeDiv
	nodePow
	nodeCall
	nodeInput // after resolution: input band number in val
)

// node is a parsed formula: a tree that Compile turns into instructions. It
// is never walked per pixel.
type node struct {
	kind nodeKind
	val  float64 // nodeNum value; nodeInput index
	name string  // nodeVar, nodeCall
	args []*node // operands
	col  int     // 1-based column where the node starts
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokNum
	tokName
	tokOp // + - * / ** ( ) ,
)

type token struct {
	kind tokKind
	text string
	num  float64
	col  int
}

type parser struct {
	src   string
	pos   int
	tok   token
	depth int
}

// parse checks the syntax of a formula and returns its tree. The syntax is
// the subset of Python the catalogue uses: numbers (1, 0.5, .5, 1e-4, 2.5E3),
// names (band letters, constants, kernel terms, any identifier of letters,
// digits and underscores not starting with a digit), binary + - * / and **
// (power, right-associative and binding tighter than a unary minus on its
// left: -N**2 is -(N**2), as in Python), unary - and +, parentheses and the
// function calls abs, sqrt, exp, log, min and max.
func parse(src string) (*node, error) {
	if len(src) > maxFormulaLen {
		return nil, &ParseError{Formula: src, Column: maxFormulaLen + 1, Msg: fmt.Sprintf("formula longer than %d bytes", maxFormulaLen)}
	}
	p := &parser{src: src}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, p.errorf("expected an expression, found the end of the formula")
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.errorf("expected an operator (+ - * / **) or the end of the formula, found %s", p.tok.describe())
	}
	return n, nil
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "the end of the formula"
	case tokNum:
		return "number " + t.text
	case tokName:
		return "name " + strconv.Quote(t.text)
	}
	return strconv.Quote(t.text)
}

func (p *parser) errorf(format string, args ...any) error {
	return &ParseError{Formula: p.src, Column: p.tok.col, Msg: fmt.Sprintf(format, args...)}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// next reads the next token into p.tok.
func (p *parser) next() error {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
	start := p.pos
	col := start + 1
	if p.pos >= len(p.src) {
		p.tok = token{kind: tokEOF, col: col}
		return nil
	}
	c := p.src[p.pos]
	switch {
	case isDigit(c) || (c == '.' && p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1])):
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			p.pos++
		}
		if p.pos < len(p.src) && p.src[p.pos] == '.' {
			p.pos++
			for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
				p.pos++
			}
		}
		if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
			q := p.pos + 1
			if q < len(p.src) && (p.src[q] == '+' || p.src[q] == '-') {
				q++
			}
			if q >= len(p.src) || !isDigit(p.src[q]) {
				p.tok = token{col: q + 1}
				return &ParseError{Formula: p.src, Column: q + 1, Msg: fmt.Sprintf("expected the digits of the exponent of number %q", p.src[start:q])}
			}
			for q < len(p.src) && isDigit(p.src[q]) {
				q++
			}
			p.pos = q
		}
		text := p.src[start:p.pos]
		if p.pos < len(p.src) && isNameStart(p.src[p.pos]) {
			return &ParseError{Formula: p.src, Column: p.pos + 1, Msg: fmt.Sprintf("expected an operator after number %s, found %q (a name cannot start with a digit)", text, p.src[p.pos])}
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			// Only out-of-range literals get here (the syntax was checked).
			return &ParseError{Formula: p.src, Column: col, Msg: fmt.Sprintf("number %s is out of the float64 range", text)}
		}
		p.tok = token{kind: tokNum, text: text, num: v, col: col}
	case isNameStart(c):
		for p.pos < len(p.src) && (isNameStart(p.src[p.pos]) || isDigit(p.src[p.pos])) {
			p.pos++
		}
		p.tok = token{kind: tokName, text: p.src[start:p.pos], col: col}
	case c == '*' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '*':
		p.pos += 2
		p.tok = token{kind: tokOp, text: "**", col: col}
	case c == '+' || c == '-' || c == '*' || c == '/' || c == '(' || c == ')' || c == ',':
		p.pos++
		p.tok = token{kind: tokOp, text: string(c), col: col}
	default:
		p.tok = token{col: col}
		r := []rune(p.src[start:])[0]
		return &ParseError{Formula: p.src, Column: col, Msg: fmt.Sprintf("unexpected character %q", r)}
	}
	return nil
}

func (p *parser) isOp(s string) bool { return p.tok.kind == tokOp && p.tok.text == s }

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("expression nested deeper than %d levels", maxDepth)
	}
	return nil
}

// expr := term (("+" | "-") term)*
func (p *parser) expr() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.isOp("+") || p.isOp("-") {
		kind, col := nodeAdd, p.tok.col
		if p.tok.text == "-" {
			kind = nodeSub
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		left = &node{kind: kind, args: []*node{left, right}, col: col}
	}
	return left, nil
}

// term := unary (("*" | "/") unary)*
func (p *parser) term() (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.isOp("*") || p.isOp("/") {
		kind, col := nodeMul, p.tok.col
		if p.tok.text == "/" {
			kind = nodeDiv
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &node{kind: kind, args: []*node{left, right}, col: col}
	}
	return left, nil
}

// unary := ("-" | "+") unary | power
func (p *parser) unary() (*node, error) {
	if p.isOp("-") || p.isOp("+") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		neg, col := p.tok.text == "-", p.tok.col
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if !neg {
			return x, nil
		}
		return &node{kind: nodeNeg, args: []*node{x}, col: col}, nil
	}
	return p.power()
}

// power := atom ["**" unary]
func (p *parser) power() (*node, error) {
	base, err := p.atom()
	if err != nil {
		return nil, err
	}
	if !p.isOp("**") {
		return base, nil
	}
	col := p.tok.col
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	exp, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &node{kind: nodePow, args: []*node{base, exp}, col: col}, nil
}

// atom := number | name | name "(" args ")" | "(" expr ")"
func (p *parser) atom() (*node, error) {
	t := p.tok
	switch {
	case t.kind == tokNum:
		if err := p.next(); err != nil {
			return nil, err
		}
		return &node{kind: nodeNum, val: t.num, col: t.col}, nil
	case t.kind == tokName:
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isOp("(") {
			return &node{kind: nodeVar, name: t.text, col: t.col}, nil
		}
		fn, ok := functions[t.text]
		if !ok {
			return nil, &ParseError{Formula: p.src, Column: t.col, Msg: fmt.Sprintf("unknown function %q (known: abs, exp, log, max, min, sqrt)", t.text)}
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		call := &node{kind: nodeCall, name: t.text, col: t.col}
		for !p.isOp(")") {
			if len(call.args) > 0 {
				if !p.isOp(",") {
					return nil, p.errorf("expected \",\" or \")\" in the arguments of %s, found %s", t.text, p.tok.describe())
				}
				if err := p.next(); err != nil {
					return nil, err
				}
			}
			arg, err := p.expr()
			if err != nil {
				return nil, err
			}
			call.args = append(call.args, arg)
		}
		if len(call.args) != fn.arity {
			return nil, &ParseError{Formula: p.src, Column: t.col, Msg: fmt.Sprintf("function %s takes %d argument(s), got %d", t.text, fn.arity, len(call.args))}
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		return call, nil
	case p.isOp("("):
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			return nil, p.errorf("expected \")\" to close the \"(\" at column %d, found %s", t.col, p.tok.describe())
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		return x, nil
	}
	return nil, p.errorf("expected a number, a name or \"(\", found %s", t.describe())
}
