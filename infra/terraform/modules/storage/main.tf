# S3: the municipalities' files (keys tenants/<schema>/…) in a private bucket, versioned,
# encrypted with the environment's key, public access blocked, TLS only; and a bucket for the
# load balancer's and the files bucket's access logs.
#
# Lifecycle and the retention rules (docs/privacy.md): current files are never expired by the
# bucket, because the retention job (privacy.retention_run) decides per record and legal basis
# (6 or 10 years after a period closes, set per municipality) and deletes the files through the
# application. A deleted or replaced file stays as a noncurrent version only for the backup
# window (noncurrent_version_days, = the database's point-in-time window), so an erasure is
# complete once the backups that could restore it have expired too.
variable "name" { type = string }
variable "kms_key_arn" { type = string }
variable "noncurrent_version_days" { type = number }
variable "log_retention_days" { type = number }

data "aws_elb_service_account" "this" {}

# --- Files --------------------------------------------------------------------------------------
resource "aws_s3_bucket" "files" {
  #checkov:skip=CKV2_AWS_62:Nothing consumes object events: only Valmo writes here, and its audit log records each personal-data file written or deleted.
  #checkov:skip=CKV_AWS_144:No copy in a second region: the municipalities' data stays in eu-north-1 (docs/deploy.md, where the data lives); versioning and AWS's in-region redundancy protect it.
  bucket = "${var.name}-files"
}

resource "aws_s3_bucket_public_access_block" "files" {
  bucket                  = aws_s3_bucket.files.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "files" {
  bucket = aws_s3_bucket.files.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "files" {
  bucket = aws_s3_bucket.files.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files" {
  bucket = aws_s3_bucket.files.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "files" {
  bucket     = aws_s3_bucket.files.id
  depends_on = [aws_s3_bucket_versioning.files]
  rule {
    id     = "erasure-completes-within-the-backup-window"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    expiration {
      expired_object_delete_marker = true
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
  rule {
    id     = "rarely-read-after-a-year"
    status = "Enabled"
    filter {
      prefix = "tenants/"
    }
    transition {
      days          = 365
      storage_class = "STANDARD_IA"
    }
  }
}

resource "aws_s3_bucket_logging" "files" {
  bucket        = aws_s3_bucket.files.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/files/"
}

data "aws_iam_policy_document" "files" {
  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.files.arn, "${aws_s3_bucket.files.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "files" {
  bucket = aws_s3_bucket.files.id
  policy = data.aws_iam_policy_document.files.json
}

# --- Access logs (load balancer and S3 server access logs) ---------------------------------------
resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV2_AWS_62:Nothing consumes events of access logs.
  #checkov:skip=CKV_AWS_144:Access logs are not replicated to a second region; they expire after log_retention_days.
  #checkov:skip=CKV_AWS_145:Load balancer access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3, which it has), not a KMS key.
  #checkov:skip=CKV_AWS_18:This is the access-log bucket itself; logging it into itself would loop.
  bucket = "${var.name}-logs"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Load balancer access logs can only be written with S3-managed keys (SSE-S3), not a KMS key.
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket     = aws_s3_bucket.logs.id
  depends_on = [aws_s3_bucket_versioning.logs]
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid     = "LoadBalancerAccessLogs"
    actions = ["s3:PutObject"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
    resources = ["${aws_s3_bucket.logs.arn}/alb/*"]
  }
  statement {
    sid     = "S3ServerAccessLogs"
    actions = ["s3:PutObject"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    resources = ["${aws_s3_bucket.logs.arn}/s3/*"]
  }
  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

output "files_bucket" { value = aws_s3_bucket.files.id }
output "files_bucket_arn" { value = aws_s3_bucket.files.arn }
output "logs_bucket" { value = aws_s3_bucket.logs.id }
