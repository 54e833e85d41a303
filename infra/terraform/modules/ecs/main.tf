# ECS on Fargate: one image, four task definitions (web, worker, beat, release), three services.
# Every task has a PgBouncer sidecar in SESSION mode: Django connects to 127.0.0.1:6432 and each
# client connection keeps its server connection, so django-tenants' per-connection search_path
# never reaches another municipality's requests (transaction pooling would leak it). Root file
# systems are read-only; /tmp is an ephemeral volume.
variable "name" { type = string }
variable "region" { type = string }
variable "image" { type = string }
variable "pgbouncer_image" { type = string }
variable "pgbouncer_pool_mode" {
  description = "Only session pooling is safe with schema-per-municipality (search_path per connection)."
  type        = string
  default     = "session"
  validation {
    condition     = var.pgbouncer_pool_mode == "session"
    error_message = "Transaction or statement pooling would leak search_path between municipalities."
  }
}
variable "private_subnet_ids" { type = list(string) }
variable "app_security_group_id" { type = string }
variable "target_group_arn" { type = string }
variable "execution_role_arn" { type = string }
variable "task_role_arn" { type = string }
variable "kms_key_arn" { type = string }
variable "log_retention_days" { type = number }
variable "base_domain" { type = string }
variable "files_bucket" { type = string }
variable "database_host" { type = string }
variable "database_secret_arn" { type = string }
variable "app_secret_arn" { type = string }
variable "web_count" { type = number }
variable "web_max_count" { type = number }
variable "worker_count" { type = number }
variable "web_cpu" { type = number }
variable "web_memory" { type = number }
variable "worker_cpu" { type = number }
variable "worker_memory" { type = number }
variable "gunicorn_workers" { type = number }

locals {
  processes = {
    web = {
      command   = ["gunicorn", "--config", "/app/infra/docker/gunicorn.conf.py", "valmo.wsgi:application"]
      cpu       = var.web_cpu
      memory    = var.web_memory
      pool_size = var.gunicorn_workers + 1
    }
    worker = {
      command   = ["celery", "-A", "valmo", "worker", "--loglevel=INFO", "--concurrency=2"]
      cpu       = var.worker_cpu
      memory    = var.worker_memory
      pool_size = 3
    }
    beat = {
      command   = ["celery", "-A", "valmo", "beat", "--loglevel=INFO", "--schedule=/tmp/celerybeat-schedule"]
      cpu       = 256
      memory    = 512
      pool_size = 1
    }
    release = {
      command   = ["python", "manage.py", "valmo_release", "--no-static"]
      cpu       = var.worker_cpu
      memory    = var.worker_memory
      pool_size = 3
    }
  }
  environment = [
    { name = "VALMO_ENV", value = "production" },
    { name = "VALMO_BASE_DOMAIN", value = var.base_domain },
    { name = "AWS_STORAGE_BUCKET_NAME", value = var.files_bucket },
    { name = "AWS_S3_REGION_NAME", value = var.region },
    { name = "AWS_S3_KMS_KEY_ID", value = var.kms_key_arn },
    { name = "CONN_MAX_AGE", value = "60" },
    { name = "TRUSTED_PROXY_COUNT", value = "1" },
    { name = "GUNICORN_WORKERS", value = tostring(var.gunicorn_workers) },
    { name = "EMAIL_BACKEND", value = "django.core.mail.backends.smtp.EmailBackend" },
    { name = "EMAIL_USE_TLS", value = "true" },
  ]
  secrets = [
    for key in ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST_PASSWORD"] :
    { name = key, valueFrom = "${var.app_secret_arn}:${key}::" }
  ]
}

resource "aws_ecr_repository" "valmo" {
  name                 = "${var.name}/valmo"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }
}

resource "aws_ecr_repository" "pgbouncer" {
  name                 = "${var.name}/pgbouncer"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }
}

resource "aws_ecr_lifecycle_policy" "valmo" {
  repository = aws_ecr_repository.valmo.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 50 images (rollback targets)"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 50 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "process" {
  for_each          = local.processes
  name              = "/valmo/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_task_definition" "process" {
  for_each                 = local.processes
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "tmp"
  }
  volume {
    name = "pgbouncer-config"
  }
  container_definitions = jsonencode([
    {
      name                   = "pgbouncer"
      image                  = var.pgbouncer_image
      essential              = true
      readonlyRootFilesystem = true
      user                   = "70:70"
      portMappings           = [{ containerPort = 6432, protocol = "tcp" }]
      mountPoints            = [{ sourceVolume = "pgbouncer-config", containerPath = "/etc/pgbouncer" }]
      environment = [
        { name = "DB_HOST", value = var.database_host },
        { name = "DB_PORT", value = "5432" },
        { name = "DB_NAME", value = "valmo" },
        { name = "LISTEN_ADDR", value = "127.0.0.1" },
        { name = "LISTEN_PORT", value = "6432" },
        { name = "POOL_MODE", value = var.pgbouncer_pool_mode },
        { name = "DEFAULT_POOL_SIZE", value = tostring(each.value.pool_size) },
        { name = "MAX_CLIENT_CONN", value = tostring(each.value.pool_size * 4) },
        { name = "SERVER_RESET_QUERY", value = "DISCARD ALL" },
        { name = "SERVER_TLS_SSLMODE", value = "require" },
        { name = "AUTH_TYPE", value = "scram-sha-256" },
      ]
      secrets = [
        { name = "DB_USER", valueFrom = "${var.database_secret_arn}:username::" },
        { name = "DB_PASSWORD", valueFrom = "${var.database_secret_arn}:password::" },
      ]
      healthCheck = {
        command  = ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 6432 || exit 1"]
        interval = 15
        timeout  = 5
        retries  = 3
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.process[each.key].name
          awslogs-region        = var.region
          awslogs-stream-prefix = "pgbouncer"
        }
      }
    },
    {
      name                   = each.key
      image                  = var.image
      essential              = true
      command                = each.value.command
      readonlyRootFilesystem = true
      user                   = "10001:10001"
      dependsOn              = [{ containerName = "pgbouncer", condition = "HEALTHY" }]
      portMappings           = each.key == "web" ? [{ containerPort = 8000, protocol = "tcp" }] : []
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
      environment            = local.environment
      secrets                = local.secrets
      stopTimeout            = 30
      linuxParameters        = { initProcessEnabled = true }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.process[each.key].name
          awslogs-region        = var.region
          awslogs-stream-prefix = each.key
        }
      }
    },
  ])
}

resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.process["web"].arn
  desired_count                      = var.web_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  propagate_tags                     = "SERVICE"
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.app_security_group_id]
    assign_public_ip = false
  }
  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "web"
    container_port   = 8000
  }
  lifecycle {
    ignore_changes = [desired_count] # autoscaling owns it
  }
}

resource "aws_ecs_service" "worker" {
  name                               = "worker"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.process["worker"].arn
  desired_count                      = var.worker_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  propagate_tags                     = "SERVICE"
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.app_security_group_id]
    assign_public_ip = false
  }
}

# Exactly one beat: a deploy stops the old one before it starts the new one (0 % / 100 %), so
# the periodic jobs are never queued twice.
resource "aws_ecs_service" "beat" {
  name                               = "beat"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.process["beat"].arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  propagate_tags                     = "SERVICE"
  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.app_security_group_id]
    assign_public_ip = false
  }
}

resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.web_count
  max_capacity       = var.web_max_count
}

resource "aws_appautoscaling_policy" "web_cpu" {
  name               = "${var.name}-web-cpu"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  policy_type        = "TargetTrackingScaling"
  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

output "cluster_name" { value = aws_ecs_cluster.this.name }
output "ecr_repository_arns" { value = [aws_ecr_repository.valmo.arn, aws_ecr_repository.pgbouncer.arn] }
output "ecr_repository_url" { value = aws_ecr_repository.valmo.repository_url }
output "log_group_arns" { value = [for g in aws_cloudwatch_log_group.process : g.arn] }
output "release_task_definition" { value = aws_ecs_task_definition.process["release"].family }
output "service_names" { value = [aws_ecs_service.web.name, aws_ecs_service.worker.name, aws_ecs_service.beat.name] }
