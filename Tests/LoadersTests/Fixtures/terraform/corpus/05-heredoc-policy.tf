variable "bucket" {
  default = "my-bucket"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-west-2.s3"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"]
      },
    ]
  })
}

resource "aws_vpc_endpoint_policy" "heredoc" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  policy          = <<-POLICY
    {
      "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "${var.bucket}"}]
    }
  POLICY
}

output "text" {
  value = <<EOT
%{ for s in ["a", "b"] ~}
item ${s}
%{ endfor ~}
%{ if var.bucket != "" }has bucket%{ else }none%{ endif }
EOT
}
