package discordtest

import (
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// attachmentPrefix is where uploaded attachments are served, as Discord's
// CDN serves them (https://cdn.discordapp.com/attachments/...).
const attachmentPrefix = "/attachments/"

// AddAttachment stores a file a user attached to a command and returns the
// attachment as Discord describes it in data.resolved; its URL is served by
// the server. Pass it to Attachment.
func (s *Server) AddAttachment(filename, contentType string, data []byte) *discordgo.MessageAttachment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	id := s.newIDLocked()
	path := attachmentPrefix + id + "/" + filename
	s.files[path] = append([]byte(nil), data...)
	a := &discordgo.MessageAttachment{ID: id, Filename: filename, ContentType: contentType, Size: len(data), URL: s.origin + path, ProxyURL: s.origin + path}
	if s.attachments == nil {
		s.attachments = map[string]*discordgo.MessageAttachment{}
	}
	s.attachments[id] = a
	return a
}

// Attachment returns an attachment option naming a; the attachment is also
// put in data.resolved.
func Attachment(name string, a *discordgo.MessageAttachment) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionAttachment, Value: a.ID}
}

// serveAttachment serves a stored attachment; it reports false for other
// paths.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, attachmentPrefix) {
		return false
	}
	s.mu.Lock()
	data, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return true
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
	return true
}

// resolveAttachmentsLocked adds the attachments options name to res.
func (s *Server) resolveAttachmentsLocked(res *discordgo.ApplicationCommandInteractionDataResolved, options []*Opt) *discordgo.ApplicationCommandInteractionDataResolved {
	var walk func([]*Opt)
	walk = func(opts []*Opt) {
		for _, o := range opts {
			walk(o.Options)
			id, ok := o.Value.(string)
			if o.Type != discordgo.ApplicationCommandOptionAttachment || !ok {
				continue
			}
			a, ok := s.attachments[id]
			if !ok {
				continue
			}
			if res == nil {
				res = &discordgo.ApplicationCommandInteractionDataResolved{}
			}
			if res.Attachments == nil {
				res.Attachments = map[string]*discordgo.MessageAttachment{}
			}
			res.Attachments[id] = a
		}
	}
	walk(options)
	return res
}
