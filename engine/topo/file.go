package topo

import (
	"github.com/bgpplay/bgpplay/engine/policy"
)

// The JSON form, as written in files. Load decodes into these types and
// converts them (parse.go); Save converts back (save.go). Pointers mark
// values whose absence means something else than their zero value.

type fileTopology struct {
	Name     string                  `json:"name,omitempty"`
	Seed     uint64                  `json:"seed,omitempty"`
	ASes     []fileAS                `json:"ases,omitempty"`
	Routers  []fileRouter            `json:"routers,omitempty"`
	Hosts    []fileHost              `json:"hosts,omitempty"`
	Links    []fileLink              `json:"links,omitempty"`
	Sessions []fileSession           `json:"sessions,omitempty"`
	Policies map[string]*policy.Spec `json:"policies,omitempty"`
}

type fileAS struct {
	ASN               uint64 `json:"asn"`
	Name              string `json:"name,omitempty"`
	HideExternalLinks bool   `json:"hide_external_links,omitempty"`
}

type fileRouter struct {
	Name             string   `json:"name"`
	AS               uint64   `json:"as"`
	RouterID         string   `json:"router_id"`
	Loopback         string   `json:"loopback,omitempty"`
	ClusterID        string   `json:"cluster_id,omitempty"`
	Originate        []string `json:"originate,omitempty"`
	AlwaysCompareMED bool     `json:"always_compare_med,omitempty"`
	IGPSync          bool     `json:"igp_sync,omitempty"`
	X                float64  `json:"x,omitempty"`
	Y                float64  `json:"y,omitempty"`
}

type fileHost struct {
	Name    string  `json:"name"`
	Address string  `json:"address"`
	Gateway string  `json:"gateway,omitempty"`
	X       float64 `json:"x,omitempty"`
	Y       float64 `json:"y,omitempty"`
}

type fileLink struct {
	A         string  `json:"a"`
	B         string  `json:"b"`
	AAddr     string  `json:"a_addr,omitempty"`
	BAddr     string  `json:"b_addr,omitempty"`
	PrefixLen *int    `json:"prefix_len,omitempty"`
	Latency   *string `json:"latency,omitempty"`
	Cost      *int    `json:"cost,omitempty"`
	Down      bool    `json:"down,omitempty"`
}

type fileSession struct {
	A            string       `json:"a"`
	B            string       `json:"b"`
	Type         string       `json:"type,omitempty"`
	Transport    string       `json:"transport,omitempty"`
	HoldTime     string       `json:"hold_time,omitempty"`
	Keepalive    string       `json:"keepalive,omitempty"`
	ConnectRetry string       `json:"connect_retry,omitempty"`
	MRAI         string       `json:"mrai,omitempty"`
	Down         bool         `json:"down,omitempty"`
	ASide        fileNeighbor `json:"a_side,omitzero"`
	BSide        fileNeighbor `json:"b_side,omitzero"`
}

type fileNeighbor struct {
	Import          string               `json:"import,omitempty"`
	Export          string               `json:"export,omitempty"`
	NextHopSelf     bool                 `json:"next_hop_self,omitempty"`
	Passive         bool                 `json:"passive,omitempty"`
	AllowASIn       int                  `json:"allowas_in,omitempty"`
	RRClient        bool                 `json:"rr_client,omitempty"`
	GracefulRestart *fileGracefulRestart `json:"graceful_restart,omitempty"`
	Families        []string             `json:"families,omitempty"`
}

type fileGracefulRestart struct {
	RestartTime string `json:"restart_time,omitempty"`
}
