# hash comment
// slash comment
/* block
   comment */
resource "aws_internet_gateway" "igw" { vpc_id = "vpc-1" }

resource "aws_route_table" "public" { # trailing comment
  vpc_id = "vpc-1" // another
  /* inline */ route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
  tags = { Name = "public", Tier = "public" }
}

resource "aws_route" "extra" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "192.168.0.0/16"
  gateway_id             = "igw-0abc"
}

resource "aws_main_route_table_association" "main" {
  vpc_id         = "vpc-1"
  route_table_id = aws_route_table.public.id
}
