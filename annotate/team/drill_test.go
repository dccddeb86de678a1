package team

func childDrillSync(dir string) int { return 3 }
