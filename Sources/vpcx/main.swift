print("vpcx")
