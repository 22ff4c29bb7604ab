// Package bot is Hangtime's Discord adapter: the command table, the
// dispatcher that routes interactions to handlers and turns their results
// and errors into replies, rendering, and two transports that feed it — a
// discordgo session and a terminal console.
//
// Each feature is a small type in its own file that embeds *Bot, for what
// all share (the clock, the logger, the Outbox, profileOf, runCommand), and
// has its own store field typed by an interface declared beside it that
// lists exactly the store methods the feature calls: gymFeature with
// gymStore in gym.go, streakFeature with streakStore in streak.go, and so
// on. Handlers are methods of the feature with the receiver named b, so
// b.now() and b.log come from the Bot while b.store is the feature's own
// narrow view, which shadows the dispatcher's (Bot.store holds only the
// interaction claims, the safety card's pending commands and profiles). A
// feature that needs another's work declares that too, as a one-method
// interface embedded in its type (planner, streakLoader, afterLogger), and
// never reaches the other's store. Store is the union of the feature
// interfaces, so one backend serves the whole bot, while a second backend
// can be written and tested one feature at a time: build the feature on
// New's Bot with a store implementing only its interface (see
// features_test.go).
//
// To add a feature: declare its store interface and its type in its file,
// write the handlers, runners and components as its methods, add the
// interface to Store, build the feature in newFeatures and reference its
// methods from an entry of commandTable (commands.go), with its buttons in
// Components and its job kinds in Jobs.
package bot
