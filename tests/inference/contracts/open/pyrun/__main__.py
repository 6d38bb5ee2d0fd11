import pulumi


async def main() -> pulumi.Inputs:
    outputs: dict[str, str] = {}
    outputs["vpcId"] = "vpc-1"
    return outputs


pulumi.run(main)
