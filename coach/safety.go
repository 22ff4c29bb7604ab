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

Start short and shallow (1–2 minutes at 20°–30°), never hang longer than 10 minutes, and pause near horizontal before coming upright. Stop at once if you feel dizzy, a headache or pain.

Hangtime is a habit coach, not a medical device, and gives no medical advice.`

// CautionText warns about a hang longer than CautionAbove.
const CautionText = "That is a long hang: more than 5 minutes adds little and raises pressure in the head and eyes. Keep most hangs at 3–5 minutes."
