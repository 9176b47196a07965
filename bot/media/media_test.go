package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/houqin/houqin/bot/media"
)

// photoWithGPS is a JPEG as a phone writes it: an APP1 Exif segment with a
// GPS position right after the start of image.
func photoWithGPS(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00*GPSLatitude 39.9042N GPSLongitude 116.4074E")
	seg := append([]byte{0xFF, 0xE1, 0, 0}, exif...)
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	b := plain.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func TestSanitizeDropsEXIF(t *testing.T) {
	in := photoWithGPS(t, 64, 48)
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil || !bytes.Contains(in, []byte("GPSLatitude")) {
		t.Fatalf("the test photo is not a JPEG with EXIF: %v", err)
	}
	ph, err := media.Sanitize(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Exif", "GPS", "39.9042"} {
		if bytes.Contains(ph.Data, []byte(leak)) {
			t.Errorf("the stored photo still contains %q", leak)
		}
	}
	out, err := jpeg.Decode(bytes.NewReader(ph.Data))
	if err != nil || out.Bounds().Dx() != 64 || out.Bounds().Dy() != 48 || ph.Width != 64 || ph.Height != 48 || ph.MIME != "image/jpeg" || len(ph.SHA256) != 64 {
		t.Errorf("stored photo: %v %v %+v", err, out.Bounds(), ph.MIME)
	}
	again, _ := media.Sanitize(in)
	if again.SHA256 != ph.SHA256 {
		t.Error("the same photo hashes differently")
	}
}

func TestSanitizeShrinksLargePhotos(t *testing.T) {
	ph, err := media.Sanitize(photoWithGPS(t, 3000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	if ph.Width != media.MaxSide || ph.Height != 853 {
		t.Errorf("3000×1000 stored as %d×%d, want %d×853", ph.Width, ph.Height, media.MaxSide)
	}
}

func TestSanitizeRefusesBombsAndNonImages(t *testing.T) {
	// A PNG whose header claims 100000×100000 pixels: refused before decoding.
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	p := b.Bytes()
	binary.BigEndian.PutUint32(p[16:], 100000)
	binary.BigEndian.PutUint32(p[20:], 100000)
	binary.BigEndian.PutUint32(p[29:], crc32.ChecksumIEEE(p[12:29]))
	for name, in := range map[string][]byte{"bomb": p, "text": []byte("not a photo"), "empty": nil} {
		if _, err := media.Sanitize(in); !errors.Is(err, media.ErrGone) {
			t.Errorf("%s: %v, want ErrGone", name, err)
		}
	}
}
