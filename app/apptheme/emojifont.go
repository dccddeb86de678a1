package apptheme

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/png"
	"sort"
)

// Noto Color Emoji stores its glyphs as bitmaps (CBDT) and has no bitmap for the space.
// go-text's shaper (which Fyne uses) leaves the advance of a glyph without extents at 0,
// so a space after an emoji — shaped in the emoji font's run — vanished ("⚡Power").
// withSpaceBitmap gives the space glyph a 1×1 transparent bitmap and the advance of a
// text space (0.26 em), so it is measured and drawn like any space.

// spaceEm is the space's advance in em (Noto Sans: 260 of 1000 units).
const spaceEm = 0.26

type sfntTable struct {
	tag  string
	data []byte
}

func readSFNT(b []byte) (uint32, []sfntTable, error) {
	if len(b) < 12 {
		return 0, nil, errors.New("not a font")
	}
	version := binary.BigEndian.Uint32(b)
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return 0, nil, errors.New("truncated table directory")
	}
	var ts []sfntTable
	for i := 0; i < n; i++ {
		r := b[12+16*i:]
		off, ln := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(ln) > uint64(len(b)) {
			return 0, nil, errors.New("table outside the file")
		}
		ts = append(ts, sfntTable{string(r[:4]), b[off : off+ln]})
	}
	return version, ts, nil
}

func writeSFNT(version uint32, ts []sfntTable) []byte {
	sort.Slice(ts, func(i, j int) bool { return ts[i].tag < ts[j].tag })
	n := len(ts)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	var out bytes.Buffer
	be := binary.BigEndian
	hdr := make([]byte, 12+16*n)
	be.PutUint32(hdr, version)
	be.PutUint16(hdr[4:], uint16(n))
	be.PutUint16(hdr[6:], uint16(16<<es))
	be.PutUint16(hdr[8:], uint16(es))
	be.PutUint16(hdr[10:], uint16(n*16-16<<es))
	off := len(hdr)
	var body bytes.Buffer
	for i, t := range ts {
		r := hdr[12+16*i:]
		copy(r, t.tag)
		be.PutUint32(r[4:], checksum(t.data))
		be.PutUint32(r[8:], uint32(off+body.Len()))
		be.PutUint32(r[12:], uint32(len(t.data)))
		body.Write(t.data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out.Write(hdr)
	out.Write(body.Bytes())
	return out.Bytes()
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// withSpaceBitmap returns the font with a bitmap and a text-space advance for the glyph
// of U+0020 (spaceGID), when the font's only strike does not cover it.
func withSpaceBitmap(font []byte, spaceGID uint16) ([]byte, error) {
	version, ts, err := readSFNT(font)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, t := range ts {
		idx[t.tag] = i
	}
	for _, need := range []string{"CBLC", "CBDT", "hmtx", "hhea", "head"} {
		if _, ok := idx[need]; !ok {
			return nil, errors.New("not a CBDT colour font: no " + need)
		}
	}
	be := binary.BigEndian
	cblc, cbdt := ts[idx["CBLC"]].data, ts[idx["CBDT"]].data
	if len(cblc) < 56 || be.Uint32(cblc[4:]) != 1 {
		return nil, errors.New("expected one bitmap strike")
	}
	size := cblc[8:56]
	arrOff, tablesSize, nsub := be.Uint32(size), be.Uint32(size[4:]), be.Uint32(size[8:])
	start := be.Uint16(size[40:])
	if start <= spaceGID || arrOff != 56 || uint64(arrOff)+uint64(tablesSize) > uint64(len(cblc)) {
		return nil, errors.New("the strike covers the space already, or has an unexpected layout")
	}
	upem := float64(be.Uint16(ts[idx["head"]].data[18:]))
	ppem := float64(size[44])

	// The glyph's image: small metrics, then a 1×1 transparent PNG (format 17).
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewNRGBA(image.Rect(0, 0, 1, 1)))
	advancePx := uint8(spaceEm*ppem + 0.5)
	entry := append([]byte{1, 1, 0, 0, advancePx}, make([]byte, 4)...)
	be.PutUint32(entry[5:], uint32(pngBuf.Len()))
	entry = append(entry, pngBuf.Bytes()...)
	newCBDT := append(append([]byte{}, cbdt...), entry...)

	// The index: a subtable for [space, space] first, the others after it.
	arr := cblc[arrOff : arrOff+8*nsub]
	subs := cblc[arrOff+8*nsub : arrOff+tablesSize]
	sub := make([]byte, 16)
	be.PutUint16(sub, 1)      // index format 1: 4-byte offsets
	be.PutUint16(sub[2:], 17) // image format 17: small metrics + PNG
	be.PutUint32(sub[4:], uint32(len(cbdt)))
	be.PutUint32(sub[8:], 0)
	be.PutUint32(sub[12:], uint32(len(entry)))
	newArr := make([]byte, 8*(nsub+1))
	be.PutUint16(newArr, spaceGID)
	be.PutUint16(newArr[2:], spaceGID)
	be.PutUint32(newArr[4:], 8*(nsub+1))
	for k := uint32(0); k < nsub; k++ {
		e := arr[8*k:]
		d := newArr[8*(k+1):]
		copy(d, e[:4])
		be.PutUint32(d[4:], be.Uint32(e[4:])+8+uint32(len(sub)))
	}
	newCBLC := append([]byte{}, cblc[:56]...)
	ns := newCBLC[8:56]
	be.PutUint32(ns[4:], tablesSize+8+uint32(len(sub)))
	be.PutUint32(ns[8:], nsub+1)
	be.PutUint16(ns[40:], spaceGID)
	newCBLC = append(append(append(newCBLC, newArr...), sub...), subs...)
	newCBLC = append(newCBLC, cblc[arrOff+tablesSize:]...)

	// The space's advance in the horizontal metrics.
	hmtx := append([]byte{}, ts[idx["hmtx"]].data...)
	nh := be.Uint16(ts[idx["hhea"]].data[34:])
	if spaceGID >= nh || int(spaceGID)*4+2 > len(hmtx) {
		return nil, errors.New("the space has no metrics of its own")
	}
	be.PutUint16(hmtx[4*int(spaceGID):], uint16(spaceEm*upem+0.5))

	ts[idx["CBLC"]].data, ts[idx["CBDT"]].data, ts[idx["hmtx"]].data = newCBLC, newCBDT, hmtx
	return writeSFNT(version, ts), nil
}
