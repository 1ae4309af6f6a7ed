package wxa

// Code management for authorizer Mini Programs (set 18).
const (
	commitURL      = "https://api.weixin.qq.com/wxa/commit?access_token=%s"
	submitAuditURL = "https://api.weixin.qq.com/wxa/submit_audit?access_token=%s"
	releaseURL     = "https://api.weixin.qq.com/wxa/release?access_token=%s"
	// Penalty records need the violation set as well as development.
	illegalRecordsURL = "https://api.weixin.qq.com/wxa/getillegalrecords?access_token=%s"
)

// Not a WeChat call: our own audit log service.
const auditLogURL = "https://audit.internal.example.com/api/wxa/commit"
