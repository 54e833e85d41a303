variable "environment" {
  description = "staging or production: names, sizes and protections follow it."
  type        = string
  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment is staging or production."
  }
}

variable "region" {
  description = "AWS region: Stockholm, the closest to Finland; the data stays in the EU."
  type        = string
  default     = "eu-north-1"
  validation {
    condition     = var.region == "eu-north-1"
    error_message = "Valmo runs in eu-north-1 (docs/deploy.md: where the data lives)."
  }
}

variable "base_domain" {
  description = "The service's domain; municipalities are <slug>.<base_domain>."
  type        = string
}

variable "route53_zone_id" {
  description = "The hosted zone of base_domain (created outside this configuration, once)."
  type        = string
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "availability_zones" {
  type    = list(string)
  default = ["eu-north-1a", "eu-north-1b", "eu-north-1c"]
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (staging: cheaper, not zone-redundant)."
  type        = bool
  default     = false
}

variable "image" {
  description = "The Valmo image, by digest: <account>.dkr.ecr.eu-north-1.amazonaws.com/valmo@sha256:…"
  type        = string
  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.image))
    error_message = "Deploy images by digest, never by a moving tag."
  }
}

variable "pgbouncer_image" {
  description = "PgBouncer sidecar image, by digest (session pooling; docs/deploy.md)."
  type        = string
  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.pgbouncer_image))
    error_message = "Pin the PgBouncer image by digest."
  }
}

variable "db_instance_class" {
  type    = string
  default = "db.m7g.large"
}

variable "db_allocated_storage_gb" {
  type    = number
  default = 100
}

variable "db_max_allocated_storage_gb" {
  type    = number
  default = 1000
}

variable "db_multi_az" {
  type    = bool
  default = true
}

variable "db_backup_retention_days" {
  description = "Automated backups and point-in-time recovery window (days, at most 35)."
  type        = number
  default     = 35
}

variable "db_deletion_protection" {
  type    = bool
  default = true
}

variable "redis_node_type" {
  type    = string
  default = "cache.t4g.medium"
}

variable "redis_replicas" {
  description = "Replicas beside the primary; at least one gives automatic failover across zones."
  type        = number
  default     = 1
}

variable "web_count" {
  type    = number
  default = 2
}

variable "web_max_count" {
  type    = number
  default = 8
}

variable "worker_count" {
  type    = number
  default = 2
}

variable "web_cpu" {
  type    = number
  default = 1024
}

variable "web_memory" {
  type    = number
  default = 2048
}

variable "worker_cpu" {
  type    = number
  default = 1024
}

variable "worker_memory" {
  type    = number
  default = 2048
}

variable "gunicorn_workers" {
  type    = number
  default = 3
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention (application logs; the audit log lives in the database)."
  type        = number
  default     = 365
}

variable "alarm_email" {
  description = "Where alarms go (an SNS e-mail subscription, confirmed by its recipient)."
  type        = string
}

variable "noncurrent_version_days" {
  description = "Days a deleted or replaced file stays recoverable in S3 (match the backup window)."
  type        = number
  default     = 35
}

variable "waf_rate_limit_per_5min" {
  description = "Requests per client IP per 5 minutes before WAF blocks it."
  type        = number
  default     = 3000
}
