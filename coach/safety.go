package coach

// SafetyTitle heads the safety card.
const SafetyTitle = "Before your first hang"

// SafetyCard is shown once before a user's first session; they must
// acknowledge it before anything is logged.
const SafetyCard = `Inversion is not safe for everyone. Talk to a health-care provider first if you have:
• high blood pressure or heart disease
• glaucoma, a detached retina or another eye condition
• pregnancy
• recent surgery, a herniated disc or a fracture
• obesity (prefer shallow angles)

Start short: 1–2 minutes, and on a table or chair shallow too (20°–30°). Gravity boots and bent-knee devices are full inversion only, and boots are not for beginners. Never hang longer than 10 minutes. Come up slowly: on a table or chair pause near horizontal before coming upright; from boots reach for the bar, curl up and unhook one boot at a time; from a bent-knee device sit a moment before standing. Stop at once if you feel dizzy, a headache or pain.

Hangtime is a habit coach, not a medical device, and gives no medical advice.`

// CautionText warns about a hang longer than CautionAbove on a table or
// chair; Caution words it for any device.
const CautionText = "That is past the top of the plan (5 minutes on a table or chair): longer adds little and raises pressure in the head and eyes. After lifting, 1–2 minutes is the usual dose."
