# Valmo on AWS, eu-north-1. One root configuration; staging and production differ only by
# variables (environments/<env>.tfvars) and state (environments/<env>.s3.tfbackend):
#   terraform init -backend-config=environments/production.s3.tfbackend
#   terraform plan -var-file=environments/production.tfvars
# See docs/deploy.md.
locals {
  name       = "valmo-${var.environment}"
  production = var.environment == "production"
}

module "kms" {
  source = "./modules/kms"
  name   = local.name
  region = var.region
}

module "network" {
  source             = "./modules/network"
  name               = local.name
  cidr               = var.vpc_cidr
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
  kms_key_arn        = module.kms.key_arn
  log_retention_days = var.log_retention_days
  region             = var.region
}

module "secrets" {
  source      = "./modules/secrets"
  name        = local.name
  kms_key_arn = module.kms.key_arn
  redis_host  = module.cache.primary_endpoint
  base_domain = var.base_domain
}

module "database" {
  source                   = "./modules/database"
  name                     = local.name
  subnet_ids               = module.network.data_subnet_ids
  security_group_id        = module.network.database_security_group_id
  kms_key_arn              = module.kms.key_arn
  instance_class           = var.db_instance_class
  allocated_storage_gb     = var.db_allocated_storage_gb
  max_allocated_storage_gb = var.db_max_allocated_storage_gb
  multi_az                 = var.db_multi_az
  backup_retention_days    = var.db_backup_retention_days
  deletion_protection      = var.db_deletion_protection
  master_password          = module.secrets.database_password
}

module "cache" {
  source            = "./modules/cache"
  name              = local.name
  subnet_ids        = module.network.data_subnet_ids
  security_group_id = module.network.cache_security_group_id
  kms_key_arn       = module.kms.key_arn
  node_type         = var.redis_node_type
  replicas          = var.redis_replicas
  auth_token        = module.secrets.redis_auth_token
}

module "storage" {
  source                  = "./modules/storage"
  name                    = local.name
  kms_key_arn             = module.kms.key_arn
  noncurrent_version_days = var.noncurrent_version_days
  log_retention_days      = var.log_retention_days
}

module "edge" {
  source                = "./modules/edge"
  name                  = local.name
  base_domain           = var.base_domain
  route53_zone_id       = var.route53_zone_id
  vpc_id                = module.network.vpc_id
  public_subnet_ids     = module.network.public_subnet_ids
  alb_security_group_id = module.network.alb_security_group_id
  logs_bucket           = module.storage.logs_bucket
  kms_key_arn           = module.kms.key_arn
  log_retention_days    = var.log_retention_days
  rate_limit_per_5min   = var.waf_rate_limit_per_5min
}

module "iam" {
  source              = "./modules/iam"
  name                = local.name
  ecr_repository_arns = module.ecs.ecr_repository_arns
  log_group_arns      = module.ecs.log_group_arns
  secret_arns         = [module.secrets.database_secret_arn, module.secrets.app_secret_arn]
  kms_key_arn         = module.kms.key_arn
  files_bucket_arn    = module.storage.files_bucket_arn
}

module "ecs" {
  source                = "./modules/ecs"
  name                  = local.name
  region                = var.region
  image                 = var.image
  pgbouncer_image       = var.pgbouncer_image
  private_subnet_ids    = module.network.private_subnet_ids
  app_security_group_id = module.network.app_security_group_id
  target_group_arn      = module.edge.target_group_arn
  execution_role_arn    = module.iam.execution_role_arn
  task_role_arn         = module.iam.task_role_arn
  kms_key_arn           = module.kms.key_arn
  log_retention_days    = var.log_retention_days
  base_domain           = var.base_domain
  files_bucket          = module.storage.files_bucket
  database_host         = module.database.address
  database_secret_arn   = module.secrets.database_secret_arn
  app_secret_arn        = module.secrets.app_secret_arn
  web_count             = var.web_count
  web_max_count         = var.web_max_count
  worker_count          = var.worker_count
  web_cpu               = var.web_cpu
  web_memory            = var.web_memory
  worker_cpu            = var.worker_cpu
  worker_memory         = var.worker_memory
  gunicorn_workers      = var.gunicorn_workers
}

module "observability" {
  source                     = "./modules/observability"
  name                       = local.name
  kms_key_arn                = module.kms.key_arn
  alarm_email                = var.alarm_email
  alb_arn_suffix             = module.edge.alb_arn_suffix
  target_group_arn_suffix    = module.edge.target_group_arn_suffix
  db_identifier              = module.database.identifier
  db_allocated_storage_gb    = var.db_allocated_storage_gb
  redis_replication_group_id = module.cache.replication_group_id
  cluster_name               = module.ecs.cluster_name
}
