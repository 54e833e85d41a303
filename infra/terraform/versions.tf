terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # State in S3 with locking; each environment has its own key (environments/*.s3.tfbackend).
  backend "s3" {}
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Project     = "valmo"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
