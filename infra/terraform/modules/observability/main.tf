# Alarms to an encrypted SNS topic (e-mail): the load balancer (5xx, latency, unhealthy
# targets), the database (CPU, free storage, connections, memory), Redis (CPU, memory) and the
# services whose tasks must run (worker, beat). Logs: each module writes its own encrypted
# log groups (ECS processes, VPC flow, WAF); RDS exports its logs to CloudWatch.
variable "name" { type = string }
variable "kms_key_arn" { type = string }
variable "alarm_email" { type = string }
variable "alb_arn_suffix" { type = string }
variable "target_group_arn_suffix" { type = string }
variable "db_identifier" { type = string }
variable "db_allocated_storage_gb" { type = number }
variable "redis_replication_group_id" { type = string }
variable "cluster_name" { type = string }

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  actions = [aws_sns_topic.alarms.arn]
  alarms = {
    alb-5xx = {
      namespace  = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", statistic = "Sum"
      threshold  = 10, comparison = "GreaterThanThreshold", periods = 2
      dimensions = { LoadBalancer = var.alb_arn_suffix }
    }
    alb-latency-p95 = {
      namespace  = "AWS/ApplicationELB", metric = "TargetResponseTime", statistic = null
      extended   = "p95", threshold = 1.5, comparison = "GreaterThanThreshold", periods = 3
      dimensions = { LoadBalancer = var.alb_arn_suffix }
    }
    alb-unhealthy-targets = {
      namespace  = "AWS/ApplicationELB", metric = "UnHealthyHostCount", statistic = "Maximum"
      threshold  = 0, comparison = "GreaterThanThreshold", periods = 2
      dimensions = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
    }
    db-cpu = {
      namespace  = "AWS/RDS", metric = "CPUUtilization", statistic = "Average"
      threshold  = 80, comparison = "GreaterThanThreshold", periods = 3
      dimensions = { DBInstanceIdentifier = var.db_identifier }
    }
    db-free-storage = {
      namespace  = "AWS/RDS", metric = "FreeStorageSpace", statistic = "Minimum"
      threshold  = var.db_allocated_storage_gb * 1024 * 1024 * 1024 * 0.1
      comparison = "LessThanThreshold", periods = 1
      dimensions = { DBInstanceIdentifier = var.db_identifier }
    }
    db-freeable-memory = {
      namespace  = "AWS/RDS", metric = "FreeableMemory", statistic = "Minimum"
      threshold  = 256 * 1024 * 1024, comparison = "LessThanThreshold", periods = 3
      dimensions = { DBInstanceIdentifier = var.db_identifier }
    }
    db-connections = {
      namespace  = "AWS/RDS", metric = "DatabaseConnections", statistic = "Maximum"
      threshold  = 300, comparison = "GreaterThanThreshold", periods = 3
      dimensions = { DBInstanceIdentifier = var.db_identifier }
    }
    redis-cpu = {
      namespace  = "AWS/ElastiCache", metric = "EngineCPUUtilization", statistic = "Average"
      threshold  = 75, comparison = "GreaterThanThreshold", periods = 3
      dimensions = { ReplicationGroupId = var.redis_replication_group_id }
    }
    redis-memory = {
      namespace  = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage", statistic = "Maximum"
      threshold  = 80, comparison = "GreaterThanThreshold", periods = 3
      dimensions = { ReplicationGroupId = var.redis_replication_group_id }
    }
    worker-not-running = {
      namespace  = "ECS/ContainerInsights", metric = "RunningTaskCount", statistic = "Minimum"
      threshold  = 1, comparison = "LessThanThreshold", periods = 2
      dimensions = { ClusterName = var.cluster_name, ServiceName = "worker" }
    }
    beat-not-running = {
      namespace  = "ECS/ContainerInsights", metric = "RunningTaskCount", statistic = "Minimum"
      threshold  = 1, comparison = "LessThanThreshold", periods = 3
      dimensions = { ClusterName = var.cluster_name, ServiceName = "beat" }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.alarms
  alarm_name          = "${var.name}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = lookup(each.value, "extended", null)
  period              = 300
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  dimensions          = each.value.dimensions
  treat_missing_data  = startswith(each.key, "alb-5xx") ? "notBreaching" : "missing"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

output "alarm_topic_arn" { value = aws_sns_topic.alarms.arn }
output "alarm_names" { value = [for a in aws_cloudwatch_metric_alarm.this : a.alarm_name] }
