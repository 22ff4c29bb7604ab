package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// Commands returns the application commands registered (by bulk
// overwrite) for a guild, or the global ones for guildID "".
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	b := mustMarshal(s.commands[guildID])
	s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	_ = json.Unmarshal(b, &out)
	return out
}

// FailRegistration makes every following command bulk overwrite (PUT
// /applications/{app}/commands and the guild variant) answer status with
// body; an empty body gets a Discord-style error JSON. A status of 0
// restores normal behaviour. Failed requests are still recorded.
func (s *Server) FailRegistration(status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		s.regFail = nil
		return
	}
	s.regFail = &failure{status: status, body: body}
}

// commandScope validates {app} and {guild} of a commands route.
func (s *Server) commandScope(c *call) (string, reply, bool) {
	guild := c.p("guild")
	if c.p("app") != s.opts.AppID {
		return "", errReply(http.StatusForbidden, 50001, "Missing Access"), false
	}
	if _, ok := s.guilds[guild]; guild != "" && !ok {
		return "", errReply(http.StatusForbidden, 50001, "Missing Access"), false
	}
	return guild, reply{}, true
}

func (s *Server) getCommands(c *call) reply {
	guild, rep, ok := s.commandScope(c)
	if !ok {
		return rep
	}
	cmds := s.commands[guild]
	if cmds == nil {
		cmds = []map[string]any{}
	}
	return jsonReply(http.StatusOK, cmds)
}

func (s *Server) putCommands(c *call) reply {
	guild, rep, ok := s.commandScope(c)
	if !ok {
		return rep
	}
	if f := s.regFail; f != nil {
		if f.body == "" {
			return errReply(f.status, 0, http.StatusText(f.status))
		}
		return reply{status: f.status, body: []byte(f.body)}
	}
	var cmds []map[string]any
	if c.req.JSON == nil || json.Unmarshal(c.req.JSON, &cmds) != nil {
		return errReply(http.StatusBadRequest, codeInvalidForm, "Invalid Form Body")
	}
	type key struct {
		name string
		typ  int64
	}
	existing := map[key]string{}
	for _, cmd := range s.commands[guild] {
		existing[key{cmd["name"].(string), toInt64(cmd["type"])}] = cmd["id"].(string)
	}
	seen := map[key]bool{}
	for _, cmd := range cmds {
		name, _ := cmd["name"].(string)
		typ := toInt64(cmd["type"])
		if typ == 0 {
			typ = int64(discordgo.ChatApplicationCommand)
		}
		k := key{name, typ}
		if name == "" || seen[k] {
			return errReply(http.StatusBadRequest, codeInvalidForm, "Invalid Form Body")
		}
		seen[k] = true
		id, ok := existing[k]
		if !ok {
			id = s.newIDLocked()
		}
		cmd["id"] = id
		cmd["type"] = typ
		cmd["application_id"] = s.opts.AppID
		cmd["version"] = s.newIDLocked()
		if guild != "" {
			cmd["guild_id"] = guild
		}
		if _, ok := cmd["description"]; !ok {
			cmd["description"] = ""
		}
		if _, ok := cmd["default_member_permissions"]; !ok {
			cmd["default_member_permissions"] = nil
		}
		if _, ok := cmd["nsfw"]; !ok {
			cmd["nsfw"] = false
		}
	}
	if cmds == nil {
		cmds = []map[string]any{}
	}
	s.commands[guild] = cmds
	return jsonReply(http.StatusOK, cmds)
}

// commandIDLocked returns the ID of the registered chat command name,
// preferring guild commands, or a fresh ID when it is not registered.
func (s *Server) commandIDLocked(guildID, name string) string {
	for _, scope := range []string{guildID, ""} {
		for _, cmd := range s.commands[scope] {
			if cmd["name"] == name && toInt64(cmd["type"]) == int64(discordgo.ChatApplicationCommand) {
				return cmd["id"].(string)
			}
		}
		if scope == "" {
			break
		}
	}
	return s.newIDLocked()
}

// SetGuildLocale sets a guild's preferred locale, sent as guild_locale
// with its later interactions.
func (s *Server) SetGuildLocale(guildID string, locale discordgo.Locale) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.guilds[guildID]
	if !ok {
		return fmt.Errorf("discordtest: unknown guild %s", guildID)
	}
	g.Locale = locale
	return nil
}
