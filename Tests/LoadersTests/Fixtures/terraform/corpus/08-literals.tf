locals {
  integer  = 42
  float    = 3.25
  exponent = 1e3
  yes      = true
  no       = false
  nothing  = null
  plain    = "hello world"
  unicode  = "héllo ✓"
  dollars  = "cost $5 and 100%"
  list     = [1, "two", true, null]
  object = {
    key   = "value"
    "quoted key" = 1
    nested = {
      deep = [1, 2]
    }
  }
  dashed-name = "identifiers may contain dashes"
}

resource "aws_nat_gateway" "nat" {
  subnet_id         = "subnet-1"
  connectivity_type = "private"
}
