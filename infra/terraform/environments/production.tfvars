environment     = "production"
base_domain     = "valmo.fi"
route53_zone_id = "Z0000000PRODUCTIONZ"
alarm_email     = "valmo-alerts@example.fi"
# Set on each deploy by the release pipeline (docs/deploy.md): images by digest.
image           = "123456789012.dkr.ecr.eu-north-1.amazonaws.com/valmo@sha256:0000000000000000000000000000000000000000000000000000000000000000"
pgbouncer_image = "123456789012.dkr.ecr.eu-north-1.amazonaws.com/pgbouncer@sha256:0000000000000000000000000000000000000000000000000000000000000000"

# Sized for all of Finland (docs/scaling.md, "Capacity model").
db_instance_class           = "db.m7g.xlarge"
db_allocated_storage_gb     = 200
db_max_allocated_storage_gb = 2000
db_multi_az                 = true
db_backup_retention_days    = 35
redis_node_type             = "cache.m7g.large"
redis_replicas              = 1
web_count                   = 3
web_max_count               = 12
worker_count                = 2
web_cpu                     = 1024
web_memory                  = 2048
worker_cpu                  = 1024
worker_memory               = 2048
gunicorn_workers            = 3
log_retention_days          = 365
noncurrent_version_days     = 35
