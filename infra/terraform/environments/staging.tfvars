environment        = "staging"
base_domain        = "staging.valmo.fi"
route53_zone_id    = "Z0000000STAGINGZONE"
alarm_email        = "valmo-alerts@example.fi"
single_nat_gateway = true
# Set on each deploy by the release pipeline (docs/deploy.md): images by digest.
image           = "123456789012.dkr.ecr.eu-north-1.amazonaws.com/valmo@sha256:0000000000000000000000000000000000000000000000000000000000000000"
pgbouncer_image = "123456789012.dkr.ecr.eu-north-1.amazonaws.com/pgbouncer@sha256:0000000000000000000000000000000000000000000000000000000000000000"

db_instance_class           = "db.t4g.medium"
db_allocated_storage_gb     = 20
db_max_allocated_storage_gb = 100
db_multi_az                 = true
db_backup_retention_days    = 7
redis_node_type             = "cache.t4g.small"
redis_replicas              = 1
web_count                   = 1
web_max_count               = 2
worker_count                = 1
web_cpu                     = 512
web_memory                  = 1024
worker_cpu                  = 512
worker_memory               = 1024
gunicorn_workers            = 2
log_retention_days          = 90
noncurrent_version_days     = 7
