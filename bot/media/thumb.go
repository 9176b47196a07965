package media

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
)

// ThumbSide is the longer side of a thumbnail (the digest page shows them
// at half that, sharp on a phone's screen).
const ThumbSide = 240

// Thumbnail returns a JPEG of a stored photo scaled down so that its
// longer side is at most side, each pixel the average of the pixels it
// covers (a box filter: no aliasing on brick walls and tiles).
func Thumbnail(data []byte, side int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("media: thumbnail: %w", err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	nw, nh := w, h
	if w > side || h > side {
		if w >= h {
			nw, nh = side, max(h*side/w, 1)
		} else {
			nw, nh = max(w*side/h, 1), side
		}
	}
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := range nh {
		y0, y1 := y*h/nh, max((y+1)*h/nh, y*h/nh+1)
		for x := range nw {
			x0, x1 := x*w/nw, max((x+1)*w/nw, x*w/nw+1)
			var r, g, bl, n int
			for sy := y0; sy < y1; sy++ {
				p := src.Pix[src.PixOffset(x0, sy) : src.PixOffset(x1-1, sy)+4]
				for i := 0; i < len(p); i += 4 {
					r += int(p[i])
					g += int(p[i+1])
					bl += int(p[i+2])
					n++
				}
			}
			d := dst.PixOffset(x, y)
			dst.Pix[d], dst.Pix[d+1], dst.Pix[d+2], dst.Pix[d+3] = uint8(r/n), uint8(g/n), uint8(bl/n), 0xFF
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("media: thumbnail: %w", err)
	}
	return out.Bytes(), nil
}
