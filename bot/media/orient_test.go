package media_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/houqin/houqin/bot/media"
)

// sideways is a w×h JPEG whose top-left quadrant is red and the rest blue,
// with an EXIF segment (byte order bo) holding orientation o and a GPS
// position.
func sideways(t *testing.T, w, h, o int, bo binary.ByteOrder) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// TIFF header, IFD0 with two entries: a GPS IFD pointer (0x8825) and
	// Orientation (0x0112, SHORT, 1).
	tiff := make([]byte, 8+2+2*12+4)
	mark := "MM"
	if bo == binary.LittleEndian {
		mark = "II"
	}
	copy(tiff, mark)
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 2)
	e := tiff[10:]
	bo.PutUint16(e[0:], 0x8825)
	bo.PutUint16(e[2:], 4)
	bo.PutUint32(e[4:], 1)
	bo.PutUint32(e[8:], 0)
	e = tiff[22:]
	bo.PutUint16(e[0:], 0x0112)
	bo.PutUint16(e[2:], 3)
	bo.PutUint32(e[4:], 1)
	bo.PutUint16(e[8:], uint16(o))
	exif := append(append([]byte("Exif\x00\x00"), tiff...), "GPSLatitude 39.9042N"...)
	seg := append([]byte{0xFF, 0xE1, 0, 0}, exif...)
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	b := plain.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

// red reports whether the pixel at x, y is (still, after JPEG) red.
func red(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r > 0xC000 && g < 0x4000 && b < 0x4000
}

func TestSanitizeAppliesEXIFOrientation(t *testing.T) {
	// Where the red top-left quadrant of the stored pixels ends up once
	// turned upright, for a 80×40 photo.
	for _, tc := range []struct {
		o      int
		bo     binary.ByteOrder
		w, h   int
		rx, ry int // a point that must be red
	}{
		{1, binary.BigEndian, 80, 40, 10, 5},
		{3, binary.LittleEndian, 80, 40, 70, 35}, // 180°: bottom right
		{6, binary.BigEndian, 40, 80, 35, 10},    // 90° clockwise: top right
		{8, binary.LittleEndian, 40, 80, 5, 70},  // 90° counter-clockwise: bottom left
		{2, binary.BigEndian, 80, 40, 70, 5},     // mirrored: top right
	} {
		ph, err := media.Sanitize(sideways(t, 80, 40, tc.o, tc.bo))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(ph.Data))
		if err != nil {
			t.Fatal(err)
		}
		if ph.Width != tc.w || ph.Height != tc.h || img.Bounds().Dx() != tc.w {
			t.Errorf("orientation %d: stored %d×%d, want %d×%d", tc.o, ph.Width, ph.Height, tc.w, tc.h)
			continue
		}
		if !red(img, tc.rx, tc.ry) {
			t.Errorf("orientation %d: (%d,%d) is %v, want red", tc.o, tc.rx, tc.ry, img.At(tc.rx, tc.ry))
		}
		// Exactly one quadrant is red.
		reds := 0
		for _, p := range [][2]int{{tc.w / 4, tc.h / 4}, {3 * tc.w / 4, tc.h / 4}, {tc.w / 4, 3 * tc.h / 4}, {3 * tc.w / 4, 3 * tc.h / 4}} {
			if red(img, p[0], p[1]) {
				reds++
			}
		}
		if reds != 1 {
			t.Errorf("orientation %d: %d red quadrants", tc.o, reds)
		}
		if bytes.Contains(ph.Data, []byte("Exif")) || bytes.Contains(ph.Data, []byte("GPS")) {
			t.Errorf("orientation %d: EXIF kept", tc.o)
		}
	}
}

// A broken EXIF segment (cut anywhere) never panics and never stops the
// photo from being kept while the image itself decodes.
func TestSanitizeSurvivesBrokenEXIF(t *testing.T) {
	full := sideways(t, 16, 16, 6, binary.BigEndian)
	for cut := 4; cut < 80; cut++ {
		b := append([]byte{}, full...)
		// Corrupt the segment's content from cut on, keeping its length.
		for i := cut; i < 80 && i < len(b); i++ {
			b[i] = 0xAB
		}
		media.Sanitize(b) // must not panic
	}
}

func TestThumbnail(t *testing.T) {
	ph, err := media.Sanitize(sideways(t, 800, 400, 1, binary.BigEndian))
	if err != nil {
		t.Fatal(err)
	}
	th, err := media.Thumbnail(ph.Data, media.ThumbSide)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(th))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != media.ThumbSide || img.Bounds().Dy() != media.ThumbSide/2 {
		t.Errorf("thumbnail %v, want %d×%d", img.Bounds(), media.ThumbSide, media.ThumbSide/2)
	}
	if !red(img, 20, 20) || red(img, 200, 100) {
		t.Error("thumbnail does not keep the picture")
	}
	if len(th) >= len(ph.Data) {
		t.Errorf("thumbnail %d bytes, photo %d", len(th), len(ph.Data))
	}
	small, _ := media.Thumbnail(th, 1000)
	if img, _ := jpeg.Decode(bytes.NewReader(small)); img == nil || img.Bounds().Dx() != media.ThumbSide {
		t.Error("a small photo is not scaled up")
	}
	if _, err := media.Thumbnail([]byte("nope"), 100); err == nil {
		t.Error("thumbnail of no image")
	}
}
