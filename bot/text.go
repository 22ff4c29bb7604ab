package bot

// Colours of embeds, readable on Discord's dark and light themes.
const (
	colorBrand = 0x4F9DDE
	colorWarn  = 0xE8A33D
	colorOK    = 0x4CAF7A
)

const (
	msgInternal      = "Sorry — something went wrong on my side and nothing was saved. Please try again in a moment."
	msgShuttingDown  = "Hangtime is restarting; nothing was saved. Please try again in a moment."
	msgNotYourButton = "Those buttons belong to someone else. Run the command yourself to get your own."
	msgStaleButton   = "That button is no longer valid."
	msgDuplicate     = "Already done."
	// msgAnsweredPrivately briefly replaces a public placeholder whose
	// reply turned out private (see deliverLate).
	msgAnsweredPrivately = "🔒 Answered privately."
)
