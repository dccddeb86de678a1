package main

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

func main() {
	db, err := bolt.Open(os.Args[1], 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		fmt.Println("pagesize", db.Info().PageSize)
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := b.Stats()
			fmt.Printf("%-28s keys=%-8d depth=%d branch=%d leaf=%d inline=%v buckets=%d leafInuse=%d\n", name, s.KeyN, s.Depth, s.BranchPageN, s.LeafPageN, s.InlineBucketN > 0 && s.BucketN == 1 && s.LeafPageN == 0, s.BucketN, s.LeafInuse)
			return nil
		})
	})
}
