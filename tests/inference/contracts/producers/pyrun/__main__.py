import pulumi


async def main() -> pulumi.Inputs:
    def not_the_entrypoint() -> dict[str, str]:
        return {"notAnOutput": "x"}

    return {"vpcId": "vpc-1", "dbHost": "db.internal"}


pulumi.run(main)
