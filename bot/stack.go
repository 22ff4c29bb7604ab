package bot

// growStack grows the calling goroutine's stack at once to the size an
// interaction's handling reaches, while the stack is still shallow.
// discordgo starts a goroutine per event, with a small stack; the driver's
// calls into SQLite then outgrow it a doubling at a time, each growth
// copying the stack and adjusting every frame on it, deep inside the
// store: about 5% of the CPU of a /hang log in the closed loop
// (runtime.newstack). One growth here, a few frames deep, costs a
// fraction of that. The size is what those calls were seen to need.
//
//go:noinline
func growStack() byte {
	var buf [stackNeed]byte
	return lastByte(buf[:])
}

// stackNeed is the stack an interaction's handling needs, in bytes.
const stackNeed = 32 << 10

//go:noinline
func lastByte(b []byte) byte { return b[len(b)-1] }
