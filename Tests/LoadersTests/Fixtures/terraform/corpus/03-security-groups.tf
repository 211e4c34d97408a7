variable "ports" {
  type = list(object({
    port        = number
    description = optional(string, "managed")
  }))
  default = [
    { port = 443, description = "https" },
    { port = 8443 },
  ]
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web tier"
  vpc_id      = "vpc-1"

  dynamic "ingress" {
    for_each = var.ports
    iterator = p
    content {
      from_port   = p.value.port
      to_port     = p.value.port
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
      description = p.value.description
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group_rule" "from_self" {
  type              = "ingress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  self              = true
  security_group_id = aws_security_group.web.id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "192.168.0.0/16"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
