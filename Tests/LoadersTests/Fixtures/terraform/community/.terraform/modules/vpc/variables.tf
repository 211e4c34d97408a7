variable "create_vpc" {
  type    = bool
  default = true
}
variable "name" {
  type    = string
  default = ""
}
variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}
variable "azs" {
  type    = list(string)
  default = []
}
variable "private_subnets" {
  type    = list(string)
  default = []
}
variable "public_subnets" {
  type    = list(string)
  default = []
}
variable "enable_nat_gateway" {
  type    = bool
  default = false
}
variable "single_nat_gateway" {
  type    = bool
  default = false
}
variable "ipv6_cidr_block" {
  type    = string
  default = null
}
variable "extra_security_group_ids" {
  type    = list(string)
  default = []
}
variable "enable_flow_log" {
  type    = bool
  default = true
}
variable "tags" {
  type    = map(string)
  default = {}
}
