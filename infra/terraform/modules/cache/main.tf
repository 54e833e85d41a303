# Redis on ElastiCache: the Celery broker and result backend and Django's cache. Encrypted at
# rest (the environment's key) and in transit (TLS, AUTH token), a replica in another zone with
# automatic failover, in the data subnets.
variable "name" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_id" { type = string }
variable "kms_key_arn" { type = string }
variable "node_type" { type = string }
variable "replicas" {
  type = number
  validation {
    condition     = var.replicas >= 1
    error_message = "At least one replica in another zone, for automatic failover."
  }
}
variable "auth_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = var.name
  description                = "Valmo broker and cache"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = var.node_type
  num_cache_clusters         = 1 + var.replicas
  automatic_failover_enabled = true
  multi_az_enabled           = true
  port                       = 6379
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [var.security_group_id]
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = var.auth_token
  snapshot_retention_limit   = 7
  snapshot_window            = "01:30-02:30"
  maintenance_window         = "sun:03:00-sun:04:00"
  auto_minor_version_upgrade = true
  apply_immediately          = false
  lifecycle {
    ignore_changes = [auth_token] # rotated with the app secret (docs/deploy.md)
  }
}

output "primary_endpoint" { value = aws_elasticache_replication_group.this.primary_endpoint_address }
output "replication_group_id" { value = aws_elasticache_replication_group.this.id }
